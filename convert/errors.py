"""Typed errors.  Library code raises these; only the CLI turns them into
one-line messages and exit codes."""


class BriefconvError(Exception):
    """Base class of every error the library raises on purpose."""


class InputError(BriefconvError):
    """The input cannot be read or is not a supported kind of file."""


class EncryptedPDFError(InputError):
    """The PDF is encrypted and no (or a wrong) password was given."""


class DamagedPDFError(InputError):
    """The PDF is damaged beyond what the parser can repair."""


class NoTextLayerError(InputError):
    """The PDF has no text layer (a scan): OCR is needed first."""


class UnsupportedFormatError(InputError):
    """The input is not a format briefconv reads."""


class LimitExceededError(InputError):
    """The input needs more work than a limit allows (``limit`` names the field of
    :class:`convert.limits.Limits`)."""

    def __init__(self, message: str, limit: str):
        super().__init__(message)
        self.limit = limit


class OutputError(BriefconvError):
    """An output could not be written."""


class ValidationFailed(BriefconvError):
    """An output did not validate against its schema."""


class UsageError(BriefconvError):
    """Options that cannot work together (the CLI exits with its usage status)."""


class MissingDependencyError(BriefconvError):
    """An optional package that a requested feature needs is not installed (the message
    says which and how to install it)."""
