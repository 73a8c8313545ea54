"""The otpauth:// address of a TOTP device, as an inline SVG QR code and as readable text."""

import base64

import qrcode
import qrcode.image.svg


def qr_svg(data):
    """An accessible-name-free SVG (the page gives the secret as text beside it)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def readable_secret(device):
    """The key in base32, in groups of four letters, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
