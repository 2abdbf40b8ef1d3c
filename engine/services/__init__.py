"""The areas ``engine.api.ItemBank`` hands whole to a service it owns: models, profiles, search,
duplicates and editing; each is given its store and holds no SQL of its own beyond it."""
