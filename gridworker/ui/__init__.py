"""The PySide6 desktop interface. The only package (with gridworker.app) that imports Qt."""
