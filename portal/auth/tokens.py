"""Random secrets for links and recovery codes, stored only as hashes."""

import hashlib
import secrets

# no 0/O, 1/I/L: codes are copied by hand from paper
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECOVERY_CODE_COUNT = 10


def new_token():
    """A URL-safe secret for a one-time link (256 bits)."""
    return secrets.token_urlsafe(32)


def digest(secret):
    """What is stored: random secrets of 80 bits or more need no slow hash."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_recovery_code():
    """Sixteen characters (80 bits) in four groups: XXXX-XXXX-XXXX-XXXX."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(chars[i:i + 4] for i in range(0, 16, 4))


def normalise_recovery_code(code):
    """Forgive spaces, missing dashes and lower case when a code is typed back."""
    chars = "".join(char for char in (code or "").upper() if char.isalnum())
    return "-".join(chars[i:i + 4] for i in range(0, len(chars), 4))
