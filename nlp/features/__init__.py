"""Features: jieba words with a 公文 dictionary, character n-grams, and 公文 structure features."""
