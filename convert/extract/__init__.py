"""Extract stage: an input (PDF bytes, converter text, our JSON) -> [SourceBlock] (or, for our
own JSON, the Document it holds)."""

PDF_MAGIC = b"%PDF-"
# how far into a file the PDF header may start (Acrobat accepts junk before it)
PDF_MAGIC_WINDOW = 1024
