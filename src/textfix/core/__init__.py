"""The engine's core: document model, rules, views, confidence, registry, engine and applier."""
