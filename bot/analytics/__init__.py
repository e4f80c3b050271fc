"""Anonymous usage statistics: what people ask, never who asked."""
