"""quote-builder: news articles in raw/ -> a versioned Hugging Face dataset of who said what."""

__version__ = "0.1.0"
