"""Red-flag words: when a patient describes what may be an emergency, we say at
once that this service is not for emergencies and whom to call. It never
blocks or delays sending the question."""

from __future__ import annotations

import re
import unicodedata

_RED_FLAGS = [
    r"sudden(ly)? .{0,30}(lost|loss of|lose|losing|can'?t|cannot) .{0,15}(see|sight|vision)",
    r"(lost|loss of|losing) (my )?(vision|sight)",
    r"(can'?t|cannot|unable to|trouble|difficult(y)?|hard to) .{0,12}(breath|breathe|breathing)",
    r"short(ness)? of breath",
    r"(can'?t|cannot|unable to|trouble|difficult(y)?|hard to) .{0,12}swallow",
    r"chok(e|ing)",
    r"suicid",
    r"kill (myself|me)",
    r"end (my|it) (life|all)",
    r"self[- ]?harm",
    r"hurt(ing)? myself",
    r"don'?t want to (live|be alive)",
    r"chest pain",
    r"worst headache",
    r"slurred speech|can'?t speak|cannot speak",
    r"seizure",
    r"(face|arm|leg) (is )?(drooping|droops)",
    r"(can'?t|cannot) (move|walk|feel) (my )?(legs|arms|one side)",
    r"fever .{0,20}(infusion|after)|high fever",
    # Spanish, written without accents: the text is compared with its accents
    # taken off, as patients often type it ("perdi la vision", "no puedo respirar").
    r"(perdi|perdida de|perdiendo|pierdo) (la |de la )?(vista|vision)",
    r"(de repente|repentin[ao]|de golpe).{0,30}(no veo|no puedo ver|vista|vision|ciego|ciega)",
    r"(no puedo|me cuesta|dificultad (para|al)) .{0,12}(respirar|tragar)",
    r"falta de aire|me falta el aire|me ahogo|ahogando|atragant",
    r"matarme|quitarme la vida|no quiero vivir|acabar con (mi vida|todo)",
    r"hacerme dano|lastimarme|autolesion",
    r"dolor (en el|de|del) pecho",
    r"(el )?peor dolor de cabeza",
    r"no puedo hablar|habla arrastrada|arrastro las palabras",
    r"convulsi|ataque epileptico",
    r"(cara|boca|brazo|pierna) (caida|colgando|se me cae)",
    r"no puedo (mover|caminar|sentir) .{0,10}(piernas|brazos|un lado)",
    r"fiebre (alta|muy alta)|fiebre .{0,20}(infusion|despues)",
]
_PATTERN = re.compile("|".join(f"(?:{p})" for p in _RED_FLAGS), re.IGNORECASE)


# Phones type curly apostrophes ("can’t"), and people break lines anywhere.
_CURLY = "\u2019\u2018\u02bc\u2032"
_APOSTROPHES = str.maketrans(dict.fromkeys(_CURLY, "'"))
_SPACES = re.compile(r"\s+")


def _normalized(text: str) -> str:
    # Accents off ("visión" as "vision"): the letters, then their marks, dropped.
    unaccented = "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
    )
    return _SPACES.sub(" ", unaccented.translate(_APOSTROPHES))


def mentions_red_flags(*texts: str) -> bool:
    return any(_PATTERN.search(_normalized(text or "")) for text in texts)


def for_scripts() -> dict[str, str]:
    """The same rule for static/js/ask.js, which shows the notice as the patient
    types (rendered with json_script). The patterns use only syntax that Python
    and JavaScript read alike; JavaScript adds the "i" flag."""
    return {"pattern": _PATTERN.pattern, "apostrophes": _CURLY}
