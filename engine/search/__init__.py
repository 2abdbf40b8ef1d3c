"""Search: keyword (BM25 over Korean bigrams), filters, and later semantic and hybrid modes."""
