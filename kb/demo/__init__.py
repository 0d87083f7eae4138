"""Demo content for Nimbus Domains, a fictional web host and registrar (`manage.py load_demo`)."""

from kb.demo.loader import load

__all__ = ["load"]
