"""The extracts of the data contract, declared once.

Readers and validation (``noegletal.datain``), the store (``noegletal.store``) and the key
figures (``noegletal.metrics``) all read these declarations. After reading and validation an
extract is a *canonical frame*: exactly the columns below, in this order, with these dtypes:

======== =============================== ===========================================
kind     pandas dtype                    notes
======== =============================== ===========================================
int      ``int64``                       ``Int64`` (nullable) when not required
float    ``float64``                     NaN only where the column is optional
str      ``object`` (Python str)         ``None`` where optional and empty
date     ``datetime64[ns]``              ``NaT`` only where optional and empty
code     ``object`` (canonical code)     one of ``allowed``; defaults filled in
======== =============================== ===========================================
"""

from __future__ import annotations

from dataclasses import dataclass, field

from noegletal.domain.vocabulary import INDSATS_CODES, STEPS


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "int" | "float" | "str" | "date" | "code"
    required: bool = True
    allowed: tuple[str, ...] | None = None
    default: object | None = None  # value used when an optional cell is empty
    minimum: float | None = None
    maximum: float | None = None
    aliases: tuple[str, ...] = ()
    label: str = ""  # Danish description for error messages and the upload page


@dataclass(frozen=True)
class ExtractSpec:
    name: str
    label: str  # Danish name shown to analysts
    columns: tuple[Column, ...]
    optional: bool = False
    case_level: bool = False  # holds pseudonymous child ids
    description: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


KOMMUNE = Column("kommunekode", "int", minimum=0, maximum=999,
                 aliases=("kommune_kode", "kommunenr", "kommune_nr", "komkode"),
                 label="Danmarks Statistiks 3-cifrede kommunekode")
# The unit or district responsible for a case (data contract section 10); at most
# UNIT_MAX_CHARS characters and no "|" or "=" (they separate parts of a dimension).
UNIT_MAX_CHARS = 100
ENHED = Column("enhed", "str", required=False, aliases=("distrikt", "afdeling"),
               label="enhed eller distrikt med ansvaret for sagen")
TARGET_DIRECTIONS: tuple[str, ...] = ("hoejst", "mindst")
TARGET_DESCRIPTION_MAX_CHARS = 200

EXTRACTS: dict[str, ExtractSpec] = {
    s.name: s
    for s in (
        ExtractSpec(
            "foranstaltninger",
            "Foranstaltninger (forløb pr. barn)",
            (
                KOMMUNE,
                Column("barn_id", "str", aliases=("barnid", "barn", "pseudonym", "id"),
                       label="pseudonymt barn-id"),
                Column("foedselsdato", "date", aliases=("fodselsdato", "fodt"), label="fødselsdato"),
                Column("indsats", "code", allowed=INDSATS_CODES,
                       aliases=("foranstaltning", "indsatskode"), label="indsatskode"),
                Column("startdato", "date", aliases=("start", "fra_dato", "fradato"),
                       label="startdato"),
                Column("slutdato", "date", required=False, aliases=("slut", "til_dato", "tildato"),
                       label="slutdato"),
                Column("bevilget_af", "code", required=False, allowed=("myndighed", "andre"),
                       default="myndighed", aliases=("bevilget", "bevilgetaf"),
                       label="hvem der bevilgede forløbet"),
                ENHED,
            ),
            case_level=True,
            description="Én række pr. forløb af en indsats, på barnniveau.",
        ),
        ExtractSpec(
            "befolkning",
            "Befolkning 0-17 år",
            (
                KOMMUNE,
                Column("dato", "date", label="opgørelsesdato"),
                Column("antal_0_17", "int", minimum=0, aliases=("antal", "boern_0_17"),
                       label="antal børn 0-17 år"),
                Column("enhed", "str", required=False, aliases=("distrikt",),
                       label="enhed eller distrikt (tom = hele kommunen)"),
            ),
            description="Antal børn 0-17 år pr. kommune og dato (FOLK1A eller eget register).",
        ),
        ExtractSpec(
            "udgifter",
            "Udgifter (regnskab)",
            (
                KOMMUNE,
                Column("aar", "int", minimum=1990, maximum=2100, aliases=("år",), label="regnskabsår"),
                Column("funktion", "str", label="funktion i den kommunale kontoplan (d.dd.dd)"),
                Column("gruppering", "str", required=False, label="gruppering (3 cifre)"),
                Column("brutto_1000_kr", "float", aliases=("brutto",), label="bruttodriftsudgift, 1.000 kr."),
                Column("netto_1000_kr", "float", aliases=("netto",), label="nettodriftsudgift, 1.000 kr."),
                Column("regnskabstype", "code", required=False,
                       allowed=("regnskab", "forventet_regnskab", "budget"), default="regnskab",
                       label="regnskabstype"),
            ),
            description="Driftsudgifter pr. funktion/gruppering og år, løbende priser.",
        ),
        ExtractSpec(
            "udgiftsmodel",
            "Udgiftsmodel (kontoplan til kategori og trin)",
            (
                Column("funktion", "str", label="funktion (d.dd.dd)"),
                Column("gruppering", "str", required=False, default="*", label="gruppering eller *"),
                Column("kategori", "code",
                       allowed=("service", "administration_myndighed", "administration_oevrig"),
                       label="udgiftskategori"),
                Column("trin", "code", required=False, allowed=STEPS, label="trin på indsatstrappen"),
            ),
            optional=True,
            description="Kobler kontoplanens funktioner til kategori og trin. Standardmodellen følger med.",
        ),
        ExtractSpec(
            "prisindeks",
            "Pris- og lønindeks",
            (
                Column("aar", "int", minimum=1990, maximum=2100, aliases=("år",), label="år"),
                Column("indeks", "float", minimum=0.0001, label="indeks"),
            ),
            optional=True,
            description="Pris- og lønindeks til omregning til faste priser.",
        ),
        ExtractSpec(
            "skoletrivsel",
            "Skoletrivsel og fravær",
            (
                KOMMUNE,
                Column("skoleaar", "str", aliases=("skoleår",), label="skoleår (fx 2016/17)"),
                Column("gruppe", "code", allowed=("udsatte", "oevrige"), label="gruppe"),
                Column("indikator", "code", allowed=("faglig_trivsel", "social_trivsel", "fravaer_pct"),
                       label="indikator"),
                Column("gennemsnit", "float", label="gennemsnit"),
                Column("antal", "int", minimum=0, label="antal elever bag gennemsnittet"),
            ),
            description="Trivsel og fravær i 4.-9. klasse for udsatte og øvrige elever.",
        ),
        ExtractSpec(
            "sagstal",
            "Sagstal pr. socialrådgiver",
            (
                KOMMUNE,
                Column("dato", "date", label="opgørelsesdato"),
                Column("socialraadgiver_id", "str", label="pseudonymt medarbejder-id"),
                Column("antal_sager", "int", minimum=0, label="antal sager"),
                Column("stillingsandel", "float", required=False, default=1.0, minimum=0.0001,
                       maximum=2.0, label="stillingsandel (årsværk)"),
            ),
            optional=True,
            description="Et øjebliksbillede af sagstal pr. socialrådgiver.",
        ),
        ExtractSpec(
            "opfoelgninger",
            "Opfølgninger på sager",
            (
                KOMMUNE,
                Column("barn_id", "str", label="pseudonymt barn-id"),
                Column("dato", "date", label="dato for opfølgning"),
            ),
            optional=True,
            case_level=True,
            description="Én række pr. opfølgning på et barns sag.",
        ),
        ExtractSpec(
            "sammenligning",
            "Sammenligningstal (fx hele landet)",
            (
                Column("kommunekode", "int", minimum=0, maximum=999, label="kommunekode, 0 = hele landet"),
                Column("noegletal", "str", label="nøgletallets id"),
                Column("dato", "date", label="skæringsdato"),
                Column("dimension", "str", required=False, label="dimension"),
                Column("vaerdi", "float", label="værdi"),
                # Extensions of the contract (optional): the published numerator and
                # denominator, so a group of municipalities can be weighted.
                Column("taeller", "float", required=False, minimum=0.0, label="tæller"),
                Column("naevner", "float", required=False, minimum=0.0, label="nævner"),
            ),
            optional=True,
            description="Offentliggjorte sammenligningsserier, fx landsgennemsnit (kommunekode 0) "
                        "eller Danmarks Statistiks tal for hver kommune, gerne med tæller og "
                        "nævner.",
        ),
        ExtractSpec(
            "maal",
            "Kommunens egne mål",
            (
                KOMMUNE,
                Column("noegletal", "str", aliases=("nøgletal_id", "noegletal_id"),
                       label="nøgletallets id fra kataloget"),
                Column("dimension", "str", required=False, label="dimension (tom = ingen)"),
                Column("maalvaerdi", "float", aliases=("maal",), label="målværdi"),
                Column("retning", "code", allowed=TARGET_DIRECTIONS,
                       label="retning (hoejst = højst, mindst = mindst)"),
                Column("fra_dato", "date", aliases=("fra",), label="første dag målet gælder"),
                Column("til_dato", "date", required=False, aliases=("til",),
                       label="sidste dag målet gælder (tom = indtil videre)"),
                Column("beskrivelse", "str", required=False, aliases=("tekst",),
                       label="beskrivelse (højst 200 tegn)"),
            ),
            optional=True,
            description="Kommunens egne mål for nøgletallene: målværdi, retning og periode.",
        ),
    )
}

# ---------------------------------------------------------------- interventions (issue 13)
# Progression measures and cost assessment of named interventions (data contract sections 7
# and 8). Kept as separate entries so other extracts can be added above without conflicts.

DELTAGER_TYPER: tuple[str, ...] = ("barn", "ung", "mor", "far", "familie")
AKTIVITETER: tuple[str, ...] = ("med_borgere", "uden_borgere", "oevrige_udgifter")
STAFF_ACTIVITIES: tuple[str, ...] = ("med_borgere", "uden_borgere")
ENHEDER: tuple[str, ...] = ("familie", "barn", "ung", "gruppe")
INDSATS_NAVN_MAX = 100  # characters; no "|" (it separates the parts of a dimension)

_INDSATS_NAVN = Column("indsats_navn", "str", aliases=("indsatsnavn", "indsatsens_navn"),
                       label="indsatsens navn")

INTERVENTION_EXTRACTS: tuple[ExtractSpec, ...] = (
    ExtractSpec(
        "maalinger",
        "Målinger i indsatser (før, under og efter)",
        (
            KOMMUNE,
            _INDSATS_NAVN,
            Column("deltager_id", "str", aliases=("deltagerid", "deltager"),
                   label="pseudonymt deltager-id"),
            Column("deltager_type", "code", required=False, allowed=DELTAGER_TYPER,
                   default="barn", aliases=("deltagertype",), label="deltagertype"),
            Column("redskab", "str", aliases=("maaleredskab", "redskab_kode"),
                   label="måleredskab (kode fra redskabstabellen)"),
            Column("skala", "str", required=False, default="samlet",
                   aliases=("delskala", "subskala"), label="delskala"),
            Column("dato", "date", aliases=("udfyldt", "udfyldt_dato"),
                   label="dato for besvarelsen"),
            Column("score", "float", label="score"),
        ),
        optional=True,
        case_level=True,
        description="Én række pr. udfyldt skema (score) i en navngiven indsats.",
    ),
    ExtractSpec(
        "redskaber",
        "Måleredskaber (skalaer og grænser)",
        (
            Column("redskab", "str", label="måleredskabets kode"),
            Column("skala", "str", required=False, default="samlet", label="delskala"),
            Column("navn", "str", label="redskabets og skalaens navn"),
            Column("min", "float", aliases=("minimum",), label="laveste mulige score"),
            Column("max", "float", aliases=("maksimum",), label="højeste mulige score"),
            Column("hoejere_er_bedre", "code", allowed=("ja", "nej"),
                   label="om en højere score er bedre (ja/nej)"),
            Column("graense", "float", required=False,
                   label="grænsen for normalområdet på den dårlige side"),
            Column("paalidelig_aendring", "float", required=False, minimum=0,
                   label="mindste ændring, der tæller som en reel ændring"),
            # Extension: a limit that depends on who answers (FIT ORS); empty = everyone.
            Column("deltager_type", "code", required=False, allowed=DELTAGER_TYPER,
                   label="deltagertype, grænsen gælder for (tom = alle)"),
        ),
        optional=True,
        description="Måleredskabernes skalaer, retning og grænser. Standardtabellen følger med.",
    ),
    ExtractSpec(
        "ressourceforbrug",
        "Ressourceforbrug i indsatser",
        (
            KOMMUNE,
            _INDSATS_NAVN,
            Column("periode_start", "date", aliases=("periodestart", "fra"),
                   label="periodens første dag"),
            Column("periode_slut", "date", aliases=("periodeslut", "til"),
                   label="periodens sidste dag"),
            Column("aktivitet", "code", allowed=AKTIVITETER, label="aktivitetstype"),
            Column("personalegruppe", "str", required=False,
                   aliases=("medarbejdergruppe", "overenskomstgruppe"),
                   label="personalegruppe"),
            Column("timer", "float", required=False, minimum=0, label="timer i perioden"),
            Column("udgift_kr", "float", required=False, minimum=0, aliases=("udgift",),
                   label="udgift i kr. i perioden"),
        ),
        optional=True,
        description="Timer pr. personalegruppe og øvrige udgifter pr. indsamlingsperiode.",
    ),
    ExtractSpec(
        "loenninger",
        "Lønninger pr. personalegruppe",
        (
            Column("personalegruppe", "str", aliases=("overenskomstgruppe",),
                   label="personalegruppe"),
            Column("aar", "int", minimum=1990, maximum=2100, aliases=("år",), label="år"),
            Column("maanedsloen_kr", "float", minimum=0,
                   aliases=("maanedsloen", "maanedlig_loenomkostning"),
                   label="gennemsnitlig månedlig lønomkostning i kr."),
        ),
        optional=True,
        description="Gennemsnitlig månedlig lønomkostning pr. personalegruppe. Standardtabellen "
                    "(2019) følger med.",
    ),
    ExtractSpec(
        "indsatser",
        "Indsatser (deltagere og alternativ)",
        (
            KOMMUNE,
            _INDSATS_NAVN,
            Column("deltagere_pr_aar", "float", minimum=0.0001,
                   label="gennemsnitligt antal deltagere om året"),
            Column("maaneder_pr_deltager", "float", minimum=0.0001,
                   label="gennemsnitligt antal måneder pr. deltager"),
            Column("enhed", "code", allowed=ENHEDER, label="hvad en deltager er"),
            Column("alternativ_trin", "code", required=False, allowed=STEPS[1:],
                   label="trin på indsatstrappen, indsatsen sammenlignes med"),
            Column("alternativ_kr_pr_aar", "float", required=False, minimum=0,
                   label="fast sammenligningsbeløb i kr. pr. år"),
        ),
        optional=True,
        description="Deltagere pr. år, varighed og alternativet for hver indsats.",
    ),
)
EXTRACTS.update({s.name: s for s in INTERVENTION_EXTRACTS})


# The tidy result every key figure computation returns, and `noegletal compute` writes.
RESULT_COLUMNS: tuple[str, ...] = (
    "noegletal", "kommunekode", "dato", "dimension", "vaerdi", "taeller", "naevner",
)

NATIONAL = 0  # kommunekode for "Hele landet"
