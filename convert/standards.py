"""Identifiers fixed by the standards we write and check, in one place: the JATS 1.4
Archiving DTD's public and system identifiers and the XML namespaces it uses."""

JATS_PUBLIC_ID = "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD with MathML3 v1.4 20241031//EN"
JATS_SYSTEM_ID = "https://jats.nlm.nih.gov/archiving/1.4/JATS-archivearticle1-4-mathml3.dtd"
JATS_DTD_VERSION = "1.4"
XLINK_NS = "http://www.w3.org/1999/xlink"
XLINK_HREF = f"{{{XLINK_NS}}}href"
MML_NS = "http://www.w3.org/1998/Math/MathML"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# the environment variable naming an official JATS DTD to validate against
JATS_DTD_ENV = "BRIEFCONV_JATS_DTD"
