"""Model loading: everything that touches weights lives here, loaded lazily and once."""
