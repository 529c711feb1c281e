"""Image captchas (R1.1) asked for after repeated failed logins: drawn with Pillow, distorted, expiring after a few
minutes, each checked once; the server keeps only hashes."""
from __future__ import annotations

import hashlib
import hmac
import io
import math
import random
import secrets
from dataclasses import dataclass
from datetime import timedelta

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from sqlalchemy import delete
from sqlmodel import Session, select

from domain.shared import clock
from storage.db import unit_of_work
from storage.tables import Captcha

LIFETIME = timedelta(minutes=5)
LENGTH = 4
ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'  # no 0/O, 1/I/L: nobody should fail on the font
WIDTH, HEIGHT = 132, 48


@dataclass(frozen=True)
class Challenge:
    token: str
    png: bytes


def _random_text() -> str:
    return ''.join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def issue() -> Challenge:
    """A new captcha: its token for the form, and its picture."""
    text, token = _random_text(), secrets.token_urlsafe(24)
    at = clock.now()
    with unit_of_work(write=True) as session:
        session.exec(delete(Captcha).where(Captcha.expires_at <= at))  # type: ignore[call-overload,arg-type]
        session.add(Captcha(token_hash=_digest(token), answer_hash=_digest(token + text), expires_at=at + LIFETIME))
    return Challenge(token=token, png=draw(text))


def solve(session: Session, token: str | None, answer: str | None) -> bool:
    """True for the right answer to a live captcha; either way the captcha is used up."""
    if not token:
        return False
    row = session.exec(select(Captcha).where(Captcha.token_hash == _digest(token))).first()
    if row is None:
        return False
    session.delete(row)
    typed = (answer or '').strip().upper()
    return clock.now() < row.expires_at and hmac.compare_digest(row.answer_hash, _digest(token + typed))


def draw(text: str) -> bytes:
    """The text on a noisy background, each character turned and placed unevenly, the whole bent by a wave."""
    rng = random.SystemRandom()
    image = Image.new('RGB', (WIDTH, HEIGHT), (rng.randint(225, 250), rng.randint(230, 250), rng.randint(235, 255)))
    pen = ImageDraw.Draw(image)
    for _ in range(120):
        pen.point((rng.randrange(WIDTH), rng.randrange(HEIGHT)), fill=_ink(rng, 120, 200))
    font = ImageFont.load_default(size=30)
    step = (WIDTH - 16) / len(text)
    for index, char in enumerate(text):
        tile = Image.new('RGBA', (40, 44), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((8, 2), char, font=font, fill=_ink(rng, 20, 110))
        tile = tile.rotate(rng.uniform(-28, 28), resample=Image.Resampling.BICUBIC, expand=False)
        image.paste(tile, (int(6 + index * step + rng.uniform(-3, 3)), rng.randint(-2, 6)), tile)
    for _ in range(3):
        y0, y1 = rng.randrange(HEIGHT), rng.randrange(HEIGHT)
        pen.line([(0, y0), (WIDTH // 2, rng.randrange(HEIGHT)), (WIDTH, y1)], fill=_ink(rng, 40, 140), width=2,
                 joint='curve')
    image = _wave(image, amplitude=rng.uniform(2.0, 3.5), period=rng.uniform(28, 44), phase=rng.uniform(0, 6.3))
    buffer = io.BytesIO()
    image.filter(ImageFilter.SMOOTH).save(buffer, 'PNG')
    return buffer.getvalue()


def _ink(rng: random.Random, low: int, high: int) -> tuple[int, int, int]:
    return rng.randint(low, high), rng.randint(low, high), rng.randint(low, high)


def _wave(image: Image.Image, *, amplitude: float, period: float, phase: float) -> Image.Image:
    """Shift every column up or down along a sine wave."""
    bent = Image.new('RGB', image.size, image.getpixel((0, 0)))  # type: ignore[arg-type]
    for x in range(image.width):
        shift = int(round(amplitude * math.sin(2 * math.pi * x / period + phase)))
        bent.paste(image.crop((x, 0, x + 1, image.height)), (x, shift))
    return bent
