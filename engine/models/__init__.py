"""Embedding and reranking models: the bundled lite text model and the Qwen3-VL model packs."""
