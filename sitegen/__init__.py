"""sitegen: a static site generator for budget performance-target disclosures."""

__version__ = "0.1.0"
