"""Chapter Organizer: the headless core (domain rules, storage, services, CLI)."""

__version__ = "0.1.0"
