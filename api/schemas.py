"""The shapes of the API's answers: field names in Dutch, like the site; the OpenAPI document is built from them.

Where a source says nothing, a field is `null` (or an empty list), never a guess. Text the kennisbank's editors
wrote themselves (the reason an intervention illustrates a lesson or is linked to a factor) is in fields whose
name ends in `_redactie`.
"""

from datetime import date, datetime

from pydantic import BaseModel, Field


class Schema(BaseModel):
    """Plain pydantic models: the answers are dicts built by api/representations.py, so ninja's Schema (which
    reads attributes of ORM objects through a validator of its own) would only cost time."""


REDACTIE = "Door de redactie van de kennisbank geschreven, niet uit de bron."


class Problem(Schema):
    """An error, as application/problem+json (RFC 9457)."""

    type: str = Field(description="Altijd about:blank: de status zegt wat er mis is.")
    title: str
    status: int
    detail: str
    instance: str = Field(description="Het gevraagde pad.")


class Page(Schema):
    count: int = Field(description="Het aantal items in de hele lijst, over alle pagina's.")
    next: str | None = Field(description="Het adres van de volgende pagina, of null op de laatste.")
    previous: str | None = Field(description="Het adres van de vorige pagina, of null op de eerste.")
    meldingen: list[str] = Field(
        description="Wat er aan het verzoek genegeerd of aangepast is, zoals de lijst op de site het meldt."
    )


class Choice(Schema):
    code: str = Field(description="De waarde zoals het filter van de lijst haar neemt.")
    naam: str


class Link(Schema):
    slug: str
    naam: str
    url: str = Field(description="Het adres van de pagina op de site.")


class Named(Schema):
    slug: str
    naam: str


class Source(Schema):
    titel: str
    uitgever: str | None
    jaar: int | None
    url: str | None


class InterventionSummary(Schema):
    slug: str
    url: str = Field(description="Het adres van de pagina op de site.")
    api_url: str
    titel: str
    soort: Choice
    status: Choice | None
    startjaar: int | None
    gemeenten: list[Link]
    provincies: list[Link]
    regios: list[Link]
    themas: list[Link]
    doelgroepen: list[Named]
    bron: Source | None = Field(description="De publicatie waar het verhaal uit komt; null bij een ingezonden aanpak.")
    gepubliceerd_op: datetime | None
    gewijzigd_op: datetime


class InterventionPage(Page):
    results: list[InterventionSummary]


class Person(Schema):
    naam: str
    functie: str | None
    organisatie: str | None
    geportretteerd: bool = Field(description="Komt zelf aan het woord in het verhaal; anders alleen genoemd.")


class Quote(Schema):
    tekst: str
    sprekers: list[str]
    toeschrijving: str | None
    uitgelicht: bool


class ReadingTip(Schema):
    titel: str
    url: str | None


class Image(Schema):
    url: str
    alt: str


class LessonLink(Schema):
    nummer: int
    titel: str
    url: str
    reden_redactie: str = Field(description=REDACTIE)


class FactorLink(Schema):
    nummer: int
    naam: str
    niveau: Choice
    url: str
    reden_redactie: str = Field(description=REDACTIE)


class DirectionLink(Schema):
    code: str = Field(description="Zoals 1.4: het thema van de meetup en het nummer daarbinnen.")
    titel: str
    url: str
    reden_redactie: str = Field(description=REDACTIE)


class InterventionDetail(InterventionSummary):
    context: str
    aanpak: str | None
    opbrengsten: str | None
    deelnemers: list[str]
    bereik: str | None
    afbeelding: Image | None
    video_url: str | None
    personen: list[Person]
    citaten: list[Quote]
    leestips: list[ReadingTip]
    lessen: list[LessonLink]
    factoren: list[FactorLink]
    oplossingsrichtingen: list[DirectionLink]
    gecontroleerd_op: date | None = Field(description="Wanneer het coördinatorenteam de gegevens naliep.")


class InterventionRef(Schema):
    slug: str
    titel: str
    url: str
    api_url: str


class IllustrationRef(InterventionRef):
    reden_redactie: str = Field(description=REDACTIE)


class Theme(Link):
    api_url: str
    beschrijving: str | None
    aantal_interventies: int = Field(description="Het aantal gepubliceerde interventies met dit thema.")
    interventies_url: str = Field(description="De lijst van die interventies in de API.")


class ThemePage(Page):
    results: list[Theme]


class Region(Link):
    api_url: str
    beschrijving: str | None
    provincies: list[Link]
    aantal_interventies: int
    interventies_url: str


class RegionPage(Page):
    results: list[Region]


class Province(Link):
    api_url: str
    regio: Link
    aantal_interventies: int
    interventies_url: str


class ProvincePage(Page):
    results: list[Province]


class Municipality(Link):
    api_url: str
    officiele_naam: str | None
    cbs_code: str | None
    provincie: Link
    regio: Link
    gka_lid: bool | None = Field(
        description="Lid van de Gelijke Kansen Alliantie; null als de bronnen het niet zeggen."
    )
    gka_lid_sinds: int | None
    breedtegraad: float | None
    lengtegraad: float | None
    aantal_interventies: int
    interventies_url: str


class MunicipalityPage(Page):
    results: list[Municipality]


class Lesson(Schema):
    nummer: int
    titel: str
    tekst: str
    url: str
    api_url: str
    bron: Source
    interventies: list[IllustrationRef] = Field(description="De gepubliceerde interventies die de les laten zien.")


class LessonPage(Page):
    results: list[Lesson]


class Insight(Schema):
    nummer: int
    titel: str
    tekst: str
    url: str
    api_url: str
    themas: list[Link]
    bron: Source


class InsightPage(Page):
    results: list[Insight]


class Factor(Schema):
    nummer: int
    naam: str
    omschrijving: str
    niveau: Choice
    url: str
    api_url: str
    themas: list[Link]
    bron: Source
    interventies: list[IllustrationRef] = Field(description="De gepubliceerde interventies die aan de factor werken.")


class FactorPage(Page):
    results: list[Factor]


class Direction(Schema):
    code: str
    titel: str
    tekst: str
    bronnen: list[str]
    meetup_thema: str
    leidende_vraag: str
    url: str
    api_url: str
    themas: list[Link]
    bron: Source
    interventies: list[IllustrationRef] = Field(
        description="De gepubliceerde interventies die er een voorbeeld van zijn."
    )


class DirectionPage(Page):
    results: list[Direction]


class PracticeQuestion(Schema):
    tekst: str
    url: str | None


class PracticeSuggestion(Schema):
    termijn: Choice
    tekst: str
    urls: list[str]


class PracticeTopic(Schema):
    slug: str
    nummer: int
    titel: str
    tekst: str
    url: str
    api_url: str
    themas: list[Link]
    bron: Source
    vragen: list[PracticeQuestion]
    suggesties: list[PracticeSuggestion]


class PracticeTopicPage(Page):
    results: list[PracticeTopic]


class Index(Schema):
    naam: str
    versie: str
    documentatie: str
    openapi: str
    bronnen: dict[str, str] = Field(description="De lijsten van de API, op naam.")
