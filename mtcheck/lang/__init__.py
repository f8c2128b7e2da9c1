"""Language helpers shared by checks: transliteration, word lists, morphology."""
