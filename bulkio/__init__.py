"""bulkio: move a MyUnisoft dossier's referentials between Excel and the partner API."""

__version__ = "0.1.0"
