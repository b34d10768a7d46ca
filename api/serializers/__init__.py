"""Input and output serializers, kept apart: inputs check and convert, outputs describe what is answered."""
