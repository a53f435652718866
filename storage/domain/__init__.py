"""The domain: models, dates, names, warmth, what a typed log means, conversation rollups."""
