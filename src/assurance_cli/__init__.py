"""assure: a safeguarding children board's assurance cycle as version-controlled YAML records."""

__version__ = "0.1.0"
