"""Printable documents (acuse, oficios, constancia, Anexo 1) rendered to PDF bytes from plain dataclasses."""
