"""Writes ``corpus/generated.jsonl``: release names composed from parts with known meaning.

The expected fields come from the parts that were put together, never from the parser, so a
generated case is as trustworthy as a hand-written one. Deterministic (fixed seed); run with
``uv run python -m tests.parsing.generate_corpus`` after changing the tables below.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).parent / "corpus" / "generated.jsonl"

TV_TITLES = [
    "The Expanse", "Breaking Bad", "Game of Thrones", "Better Call Saul", "Stranger Things",
    "The Mandalorian", "Severance", "Ted Lasso", "The Bear", "Succession", "Slow Horses",
    "Only Murders in the Building", "The Last of Us", "House of the Dragon", "The Boys", "Fargo",
    "True Detective", "Westworld", "Silo", "The Crown", "Peaky Blinders", "Line of Duty",
    "Sherlock", "The 100", "Person of Interest", "Brooklyn Nine-Nine", "Andor", "Foundation",
    "For All Mankind", "Lost", "Dark", "Bones", "House", "Monk", "Psych", "Castle", "Scrubs",
    "Friends", "Seinfeld", "Frasier", "The Wire", "The Sopranos", "Mad Men", "Dexter",
    "Homeland", "24", "Yellowstone", "The Walking Dead", "Rick and Morty", "Family Guy",
    "The Simpsons", "Futurama", "South Park", "American Dad", "Archer", "BoJack Horseman",
    "What We Do in the Shadows", "Abbott Elementary", "The Good Place", "Parks and Recreation",
    "Community", "30 Rock", "Arrested Development", "The Americans", "Halt and Catch Fire",
    "Black Mirror", "Chernobyl", "Band of Brothers", "Battlestar Galactica", "Firefly",
    "Twin Peaks", "Deadwood", "Boardwalk Empire", "Ozark", "Mindhunter", "Narcos", "Squid Game",
    "Lupin", "Babylon Berlin", "Borgen", "The Bridge", "Top Gear", "Taskmaster", "Harbor Lights",
    "The Quiet Valley", "Northbound", "Glass Orchard", "Copper Hollow", "The Night Ferry",
    "Saltwater Kings", "Ninth Circle", "Proper Manors", "Extended Family", "The French Tutor",
    "Web of Lies", "Limitless Skies", "Atlanta", "Barry", "Hacks", "Reacher", "Invincible",
    "Loki", "Wednesday", "The Witcher", "Vikings", "Outlander", "Shameless", "Euphoria",
]  # fmt: skip
APOSTROPHE_TITLES = [
    "Grey's Anatomy", "It's Always Sunny in Philadelphia", "Bob's Burgers", "Schitt's Creek",
    "The Handmaid's Tale", "Marvel's Daredevil",
]  # fmt: skip
TITLE_YEARS = [
    ("Doctor Who", 2005),
    ("Battlestar Galactica", 2003),
    ("The Flash", 2014),
    ("Shogun", 2024),
    ("Dune Prophecy", 2024),
    ("Hawaii Five-0", 2010),
    ("Night Court", 2023),
    ("Cosmos", 2014),
    ("Scenes from a Marriage", 2021),
]

MOVIES = [
    ("Inception", 2010), ("The Dark Knight", 2008), ("Blade Runner 2049", 2017), ("1917", 2019),
    ("Se7en", 1995), ("Alien", 1979), ("Aliens", 1986), ("The Matrix", 1999),
    ("Interstellar", 2014), ("Parasite", 2019), ("Spirited Away", 2001), ("Pulp Fiction", 1994),
    ("The Godfather", 1972), ("Heat", 1995), ("Arrival", 2016), ("Dune Part Two", 2024),
    ("Mission Impossible Fallout", 2018), ("Toy Story 3", 2010), ("Rocky IV", 1985),
    ("Back to the Future Part II", 1989), ("Kill Bill Vol 1", 2003), ("Apollo 13", 1995),
    ("Ford v Ferrari", 2019), ("District 9", 2009), ("300", 2006), ("Blade Runner", 1982),
    ("The Thing", 1982), ("Nomadland", 2020), ("Top Gun Maverick", 2022),
    ("Everything Everywhere All at Once", 2022), ("Oppenheimer", 2023), ("Barbie", 2023),
    ("The Batman", 2022), ("Knives Out", 2019), ("Us", 2019), ("It", 2017), ("Her", 2013),
    ("Up", 2009), ("Cars", 2006), ("Frozen", 2013), ("Coco", 2017), ("Soul", 2020),
    ("Tenet", 2020), ("Joker", 2019), ("Gravity", 2013), ("Whiplash", 2014), ("Drive", 2011),
    ("Prisoners", 2013), ("Sicario", 2015), ("Zodiac", 2007), ("Memento", 2000),
    ("Gladiator", 2000), ("Casino Royale", 2006), ("Skyfall", 2012), ("No Time to Die", 2021),
    ("The Social Network", 2010), ("Gone Girl", 2014), ("La La Land", 2016),
    ("Moonlight", 2016), ("Get Out", 2017), ("Hereditary", 2018), ("The Lighthouse", 2019),
    ("Oldboy", 2003), ("Train to Busan", 2016), ("Cinema Paradiso", 1988),
    ("Life Is Beautiful", 1997), ("Das Boot", 1981), ("Run Lola Run", 1998),
    ("Metropolis", 1927), ("Casablanca", 1942), ("Psycho", 1960), ("Jaws", 1975),
    ("WALL-E", 2008), ("X-Men", 2000), ("Mad Max Fury Road", 2015),
    ("The Wolf of Wall Street", 2013), ("Once Upon a Time in Hollywood", 2019),
    ("Avengers Endgame", 2019), ("Black Panther", 2018), ("Guardians of the Galaxy Vol 2", 2017),
    ("Charlottes Web", 2006), ("The French Connection", 1971), ("Extended Stay", 2022),
    ("Spider-Man No Way Home", 2021), ("2012", 2009), ("The Day After Tomorrow", 2004),
    ("Remastered Memories", 2016), ("Paddington 2", 2017), ("Fast Five", 2011),
]  # fmt: skip

RESOLUTIONS = [
    ("480p", 480),
    ("576p", 576),
    ("720p", 720),
    ("1080p", 1080),
    ("1080i", 1080),
    ("2160p", 2160),
    ("720p", 720),
    ("1080p", 1080),
    ("1080p", 1080),
]
TV_SOURCES = [
    ("HDTV", "tv"),
    ("PDTV", "tv"),
    ("WEB-DL", "web"),
    ("WEBDL", "web"),
    ("WEB", "web"),
    ("WEBRip", "webrip"),
    ("WEB-Rip", "webrip"),
    ("AMZN.WEB-DL", "web"),
    ("NF.WEBRip", "webrip"),
    ("DSNP.WEB-DL", "web"),
    ("BluRay", "bluray"),
    ("BDRip", "bluray"),
    ("DVDRip", "dvd"),
    ("HDTV", "tv"),
    ("WEB-DL", "web"),
]
MOVIE_SOURCES = [
    ("BluRay", "bluray"),
    ("Blu-ray", "bluray"),
    ("BDRip", "bluray"),
    ("BRRip", "bluray"),
    ("BluRay.REMUX", "remux"),
    ("REMUX", "remux"),
    ("UHD.BluRay", "bluray"),
    ("WEB-DL", "web"),
    ("WEBRip", "webrip"),
    ("DVDRip", "dvd"),
    ("HDCAM", "cam"),
    ("CAMRip", "cam"),
    ("HDTS", "telesync"),
    ("TELESYNC", "telesync"),
    ("DVDSCR", "screener"),
    ("HDTC", "telecine"),
    ("AMZN.WEB-DL", "web"),
    ("iT.WEB-DL", "web"),
    ("HDRip", "webrip"),
]
CODECS = [
    ("x264", "h264"),
    ("H.264", "h264"),
    ("H264", "h264"),
    ("x265", "h265"),
    ("HEVC", "h265"),
    ("H.265", "h265"),
    ("XviD", "xvid"),
    ("AVC", "h264"),
    ("AV1", "av1"),
    ("h264", "h264"),
]
AUDIO = [
    ("AAC2.0", "aac"),
    ("AAC", "aac"),
    ("DDP5.1", "eac3"),
    ("DD5.1", "ac3"),
    ("DD+5.1", "eac3"),
    ("AC3", "ac3"),
    ("EAC3", "eac3"),
    ("DTS", "dts"),
    ("DTS-HD.MA.5.1", "dts-hd"),
    ("TrueHD.7.1.Atmos", "truehd"),
    ("FLAC2.0", "flac"),
    ("Opus", "opus"),
    ("DDP5.1.Atmos", "eac3"),
]
GROUPS = [
    "NTb",
    "FLUX",
    "KiNGS",
    "SiGMA",
    "CAKES",
    "EDITH",
    "GGEZ",
    "NOSiViD",
    "TEPES",
    "SMURF",
    "MZABI",
    "ETHEL",
    "SYNCOPY",
    "DON",
    "D-Z0N3",
    "W4NK3R",
    "playWEB",
    "APEX",
    "lol",
    "killers",
    "DIMENSION",
    "FQM",
    "AFG",
    "ION10",
    "TGx-Rls",
    "QuietGrp",
    "NovaRls",
    "Vyndros",
    "BAE",
    "RiVER",
]
EPISODE_TITLES = [
    "Pilot",
    "The Long Night",
    "Homecoming",
    "A New Beginning",
    "Crossroads",
    "The Reckoning",
    "Lost and Found",
    "Winter Is Here",
    "Open Water",
    "Echoes",
]
EDITIONS = [
    ("EXTENDED", "Extended"),
    ("Directors.Cut", "Director's Cut"),
    ("UNRATED", "Unrated"),
    ("REMASTERED", "Remastered"),
    ("IMAX", "IMAX"),
    ("Theatrical.Cut", "Theatrical"),
    ("Extended.Edition", "Extended"),
]
LANGS = [
    ("FRENCH", ["fr"]),
    ("GERMAN", ["de"]),
    ("iTALiAN", ["it"]),
    ("SPANISH", ["es"]),
    ("TRUEFRENCH", ["fr"]),
    ("German.DL", ["de"]),
    ("RUSSIAN", ["ru"]),
    ("MULTi.FRENCH", ["fr"]),
    ("POLISH", ["pl"]),
    ("Hindi", ["hi"]),
]
SEASON_WORDS = [
    ("Staffel", "GERMAN", "de"),
    ("Saison", "FRENCH", "fr"),
    ("Temporada", "SPANISH", "es"),
    ("Stagione", "iTALiAN", "it"),
    ("Seizoen", "DUTCH", "nl"),
    ("Sezon", "POLISH", "pl"),
    ("Säsong", "SWEDiSH", "sv"),
    ("Sæson", "DANiSH", "da"),
    ("Сезон", "RUS", "ru"),
    ("Kausi", "FINNISH", "fi"),
]
ANIME_GROUPS = [
    "SubsPlease",
    "Erai-raws",
    "HorribleSubs",
    "Judas",
    "ASW",
    "EMBER",
    "Commie",
    "GJM",
    "Kametsu",
    "Anime Time",
    "DKB",
    "Tsundere-Raws",
    "Yameii",
    "Cleo",
    "neoHEVC",
    "Golumpa",
    "Ohys-Raws",
    "SallySubs",
    "Nep_Blanc",
    "MTBB",
]
ANIME_TITLES = [
    "One Piece",
    "Jujutsu Kaisen",
    "Spy x Family",
    "Frieren",
    "Bocchi the Rock!",
    "Chainsaw Man",
    "Mushoku Tensei",
    "Oshi no Ko",
    "Vinland Saga",
    "Dungeon Meshi",
    "Kusuriya no Hitorigoto",
    "Sousou no Frieren",
    "Boku no Hero Academia",
    "Shingeki no Kyojin",
    "Kimetsu no Yaiba",
    "Dr. Stone",
    "Mob Psycho 100",
    "Sword Art Online",
    "Made in Abyss",
    "Blue Lock",
    "Hell's Paradise",
    "Tokyo Revengers",
    "Hunter x Hunter",
    "Bleach",
    "Naruto Shippuden",
    "Kaguya-sama wa Kokurasetai",
    "Tengoku Daimakyou",
    "Ore dake Level Up na Ken",
    "進撃の巨人",
    "葬送のフリーレン",
    "鬼灭之刃",
    "Kono Subarashii Sekai ni Shukufuku wo!",
]
ANIME_TAGS = [
    ("(1080p)", 1080, None),
    ("[1080p]", 1080, None),
    ("(720p)", 720, None),
    ("[1080p HEVC 10bit AAC]", 1080, None),
    ("(BD 1080p HEVC FLAC)", 1080, "bluray"),
    ("[WEB 1080p x264 AAC]", 1080, "web"),
    ("(CR WEB-DL 1080p AAC2.0 H.264)", 1080, "web"),
    ("[BDRip 1920x1080 x265 FLAC]", 1080, "bluray"),
    ("[480p]", 480, None),
]


def dotted(title: str) -> str:
    return title.replace("'", "").replace(" ", ".")


def spaced_expected(title: str) -> str:
    return title


def dotted_expected(title: str) -> str:
    return title.replace("'", "")


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.cases: list[dict] = []
        self.seen: set[str] = set()

    def add(self, name: str, **expect) -> None:
        if name in self.seen:
            return
        self.seen.add(name)
        self.cases.append({"name": name, "expect": expect})

    def pick(self, items):
        return self.rng.choice(items)

    def tv_quality(self, movie: bool = False):
        res = self.pick(RESOLUTIONS)
        src = self.pick(MOVIE_SOURCES if movie else TV_SOURCES)
        codec = self.pick(CODECS)
        audio = self.pick(AUDIO) if self.rng.random() < 0.6 else None
        group = self.pick(GROUPS)
        return res, src, codec, audio, group

    def numbering(self):
        """A numbering style with its expected fields."""
        s = self.rng.randint(1, 12)
        e = self.rng.randint(1, 24)
        kind = self.rng.randrange(14)
        if kind == 0:
            return f"S{s:02}E{e:02}", dict(seasons=[s], episodes=[e])
        if kind == 1:
            return f"s{s:02}e{e:02}", dict(seasons=[s], episodes=[e])
        if kind == 2:
            return f"S{s}E{e}", dict(seasons=[s], episodes=[e])
        if kind == 3:
            return f"{s}x{e:02}", dict(seasons=[s], episodes=[e])
        if kind == 4:
            return f"S{s:02}E{e:02}E{e + 1:02}", dict(seasons=[s], episodes=[e, e + 1])
        if kind == 5:
            return f"S{s:02}E{e:02}-E{e + 1:02}", dict(seasons=[s], episodes=[e, e + 1])
        if kind == 6:
            return f"S{s:02}E{e:02}-{e + 2:02}", dict(seasons=[s], episodes=[e, e + 1, e + 2])
        if kind == 7:
            return f"S{s:02}", dict(seasons=[s], episodes=[], is_full_season=True)
        if kind == 8:
            last = s + self.rng.randint(1, 4)
            return f"S{s:02}-S{last:02}", dict(
                seasons=list(range(s, last + 1)), is_multi_season=True, is_full_season=True
            )
        if kind == 9:
            y, mo, d = (
                self.rng.randint(2008, 2024),
                self.rng.randint(1, 12),
                self.rng.randint(1, 28),
            )
            sep = self.pick([".", "-"])
            return f"{y}{sep}{mo:02}{sep}{d:02}", dict(
                air_date=f"{y}-{mo:02}-{d:02}", seasons=[], episodes=[]
            )
        if kind == 10:
            return f"S{s:02}E{e:02}v2", dict(seasons=[s], episodes=[e], version=2)
        if kind == 11:
            return f"S00E{e:02}", dict(seasons=[0], episodes=[e], is_special=True)
        if kind == 12:
            return f"S{s:02}.E{e:02}", dict(seasons=[s], episodes=[e])
        return f"S{s:02}E{e:03}", dict(seasons=[s], episodes=[e])

    def tv_scene(self, count: int) -> None:
        for _ in range(count):
            title = self.pick(TV_TITLES + APOSTROPHE_TITLES)
            num, exp = self.numbering()
            (res, res_v), (src, src_v), (codec, codec_v), audio, group = self.tv_quality()
            style = self.rng.randrange(6)
            expect = dict(
                exp, resolution=res_v, source=src_v, video_codec=codec_v, release_group=group
            )
            year = None
            if self.rng.random() < 0.12:
                title, year = self.pick(TITLE_YEARS)
            audio_txt = audio[0] if audio else None
            if audio:
                expect["audio_codec"] = audio[1]
            if style in (0, 1, 2):  # scene, dotted
                parts = [dotted(title)] + ([str(year)] if year else []) + [num]
                if self.rng.random() < 0.1:
                    parts.append(self.pick(["PROPER", "REPACK"]))
                    expect["proper" if parts[-1] == "PROPER" else "repack"] = True
                parts += [res, src] + ([audio_txt] if audio_txt else []) + [codec]
                name = ".".join(parts) + "-" + group
                if style == 1:
                    name = name.lower()
                    expect["release_group"] = group.lower()
                    title = title.lower()
                expect["title"] = dotted_expected(title)
            elif style == 3:  # spaced P2P
                parts = (
                    [title] + ([f"({year})"] if year else []) + [num, res, src.replace(".", " ")]
                )
                parts += ([audio_txt] if audio_txt else []) + [codec]
                name = " ".join(parts) + "-" + group
                if self.rng.random() < 0.3:
                    name += self.pick([" [eztv]", "[rarbg]", " [TGx]", "[eztv.re]"])
                expect["title"] = spaced_expected(title)
            elif style == 4:  # Sonarr-style file name
                label = {
                    "tv": "HDTV",
                    "web": "WEBDL",
                    "webrip": "WEBRip",
                    "bluray": "Bluray",
                    "dvd": "DVD",
                }[src_v]
                ep_title = self.pick(EPISODE_TITLES)
                yr = f" ({year})" if year else ""
                name = f"{title}{yr} - {num} - {ep_title} [{label}-{res}][{codec}]-{group}.mkv"
                expect["title"] = spaced_expected(title)
                expect["container"] = "mkv"
                if label == "DVD":
                    expect.pop("resolution")
                    name = name.replace(f"[DVD-{res}]", "[DVD]")
                expect.pop("audio_codec", None)
            else:  # underscores
                parts = (
                    [title.replace("'", "").replace(" ", "_")]
                    + ([str(year)] if year else [])
                    + [num, res, src.replace(".", "_"), codec]
                )
                name = "_".join(parts) + "-" + group
                expect["title"] = dotted_expected(title)
                expect.pop("audio_codec", None)
            if year:
                expect["year"] = year
            self.add(name, **expect)

    def tv_packs(self, count: int) -> None:
        for _ in range(count):
            title = self.pick(TV_TITLES)
            s = self.rng.randint(1, 9)
            last = s + self.rng.randint(1, 5)
            (res, res_v), (src, src_v), (codec, _), _, group = self.tv_quality()
            form = self.rng.randrange(8)
            if form == 0:
                num, exp = f"Season {s}", dict(seasons=[s], is_full_season=True)
            elif form == 1:
                num, exp = f"Season {s:02}", dict(seasons=[s], is_full_season=True)
            elif form == 2:
                num, exp = (
                    f"Seasons {s}-{last}",
                    dict(seasons=list(range(s, last + 1)), is_multi_season=True),
                )
            elif form == 3:
                num, exp = (
                    f"Season {s}-{last}",
                    dict(seasons=list(range(s, last + 1)), is_multi_season=True),
                )
            elif form == 4:
                num, exp = (
                    f"S{s:02}-{last:02}",
                    dict(seasons=list(range(s, last + 1)), is_multi_season=True),
                )
            elif form == 5:
                num, exp = (
                    "Complete Series",
                    dict(seasons=[], is_multi_season=True, is_full_season=True),
                )
            elif form == 6:
                num, exp = f"S{s:02} Complete", dict(seasons=[s], is_full_season=True)
            else:
                num, exp = f"Season {s} Complete", dict(seasons=[s], is_full_season=True)
            if self.rng.random() < 0.5:
                name = f"{dotted(title)}.{num.replace(' ', '.')}.{res}.{src}.{codec}-{group}"
                exp["title"] = dotted_expected(title)
            else:
                name = f"{title} {num} {res} {src.replace('.', ' ')} {codec}-{group}"
                exp["title"] = title
            exp.update(episodes=[], resolution=res_v, source=src_v, release_group=group)
            self.add(name, **exp)

    def number_forms(self, count: int) -> None:
        for _ in range(count):
            title = self.pick(TV_TITLES[:60])
            if title in ("24", "The 100", "30 Rock"):
                continue
            s = self.rng.randint(1, 9) if self.rng.random() < 0.8 else self.rng.randint(10, 15)
            e = self.rng.randint(1, 22)
            src, src_v = self.pick(
                [("HDTV", "tv"), ("PDTV", "tv"), ("DSR", "tv"), ("HDTV.720p", "tv")]
            )
            codec = self.pick(["XviD", "x264"])
            group = self.pick(GROUPS)
            name = f"{dotted(title)}.{s}{e:02}.{src}.{codec}-{group}"
            self.add(
                name,
                title=dotted_expected(title),
                seasons=[s],
                episodes=[e],
                source=src_v,
                release_group=group,
            )

    def movies(self, count: int) -> None:
        for _ in range(count):
            title, year = self.pick(MOVIES)
            (res, res_v), (src, src_v), (codec, codec_v), audio, group = self.tv_quality(True)
            expect = dict(
                title=title.replace("'", ""),
                year=year,
                resolution=res_v,
                source=src_v,
                seasons=[],
                episodes=[],
            )
            extra = []
            if self.rng.random() < 0.2:
                ed, ed_v = self.pick(EDITIONS)
                extra.append(ed)
                expect["edition"] = ed_v
            if self.rng.random() < 0.2:
                lang, codes = self.pick(LANGS)
                extra.append(lang)
                expect["languages"] = codes
            style = self.rng.randrange(5)
            if style in (0, 1):
                parts = [dotted(title), str(year), *extra, res, src]
                if audio:
                    parts.append(audio[0])
                    expect["audio_codec"] = audio[1]
                parts.append(codec)
                name = ".".join(parts) + "-" + group
                expect.update(release_group=group, video_codec=codec_v)
            elif style == 2:
                extra_txt = " ".join(e.replace(".", " ") for e in extra)
                extra_txt = extra_txt + " " if extra else ""
                name = f"{title} ({year}) {extra_txt}{res} {src} {codec}-{group}"
                expect.update(release_group=group, video_codec=codec_v)
                expect["title"] = title
                if "." in src:
                    name = name.replace(src, src.replace(".", " "))
            elif style == 3:  # YTS style
                yts = self.pick(["YTS.MX", "YTS.AM", "YTS.LT", "YIFY"])
                if expect.get("edition") or expect.get("languages"):
                    expect.pop("edition", None)
                    expect.pop("languages", None)
                name = f"{title} ({year}) [{res}] [{src.replace('.', ' ')}] [5.1] [{yts}]"
                expect.update(release_group=yts, title=title)
            else:  # file in a movie folder
                folder = f"{title} ({year})"
                name = f"/movies/{folder}/{title} ({year}) [{src.replace('.', '-')}-{res}].mkv"
                expect.pop("edition", None)
                expect.pop("languages", None)
                expect.update(title=title, container="mkv")
            self.add(name, **expect)

    def anime(self, count: int) -> None:
        for _ in range(count):
            group = self.pick(ANIME_GROUPS)
            title = self.pick(ANIME_TITLES)
            tag, res, src = self.pick(ANIME_TAGS)
            crc = "".join(self.rng.choice("0123456789ABCDEF") for _ in range(8))
            n = self.rng.randint(1, 24) if self.rng.random() < 0.85 else self.rng.randint(100, 1100)
            form = self.rng.randrange(10)
            expect: dict = dict(title=title, resolution=res, release_group=group)
            if src:
                expect["source"] = src
            if form == 0:
                name = f"[{group}] {title} - {n:02} {tag} [{crc}].mkv"
                expect.update(absolute_episodes=[n], seasons=[], container="mkv")
            elif form == 1:
                name = f"[{group}] {title} - {n:02}v2 {tag}.mkv"
                expect.update(absolute_episodes=[n], version=2, container="mkv")
            elif form == 2:
                s = self.rng.randint(2, 4)
                name = f"[{group}] {title} S{s} - {n:02} {tag}"
                expect.update(seasons=[s], episodes=[n], absolute_episodes=[])
            elif form == 3:
                s = self.rng.randint(2, 4)
                name = f"[{group}] {title} Season {s} - {n:02} {tag}"
                expect.update(seasons=[s], episodes=[n], absolute_episodes=[])
            elif form == 4:
                s = self.rng.randint(1, 3)
                name = f"[{group}] {title} - S{s:02}E{n:02} {tag}"
                expect.update(seasons=[s], episodes=[n])
            elif form == 5:
                last = self.rng.choice([12, 13, 24, 25, 26])
                name = f"[{group}] {title} (01-{last}) {tag} [Batch]"
                expect.update(absolute_episodes=list(range(1, last + 1)))
            elif form == 6:
                name = f"[{group}] {title} - {n:02} END {tag}"
                expect.update(absolute_episodes=[n])
            elif form == 7:
                name = f"{title} - {n:02} {tag}"
                expect.update(absolute_episodes=[n])
                expect.pop("release_group")
            elif form == 8:
                name = f"[{group}] {title} - {n:02} {tag}[Multiple Subtitle][{crc}]"
                expect.update(absolute_episodes=[n])
            else:
                under = title.replace(" ", "_")
                name = f"[{group}]_{under}_-_{n:02}_{tag.replace(' ', '_')}_[{crc}].mkv"
                expect.update(absolute_episodes=[n], container="mkv")
                expect["title"] = title
            self.add(name, **expect)

    def foreign(self, count: int) -> None:
        for _ in range(count):
            title = self.pick(TV_TITLES)
            word, lang, iso = self.pick(SEASON_WORDS)
            s = self.rng.randint(1, 8)
            (res, res_v), (src, src_v), (codec, _), _, group = self.tv_quality()
            form = self.rng.randrange(4)
            if form == 0:
                name = f"{dotted(title)}.{word}.{s}.{lang}.{res}.{src}.{codec}-{group}"
                exp = dict(title=dotted_expected(title), seasons=[s], is_full_season=True)
            elif form == 1:
                name = f"{title} {word} {s} {lang} {res} {src.replace('.', ' ')} {codec}-{group}"
                exp = dict(title=title, seasons=[s], is_full_season=True)
            elif form == 2:
                e = self.rng.randint(1, 20)
                name = f"{dotted(title)}.S{s:02}E{e:02}.{lang}.{res}.{src}.{codec}-{group}"
                exp = dict(title=dotted_expected(title), seasons=[s], episodes=[e])
            else:
                last = s + self.rng.randint(1, 3)
                src_txt = src.replace(".", " ")
                name = f"{title} {word} {s}-{last} {lang} {res} {src_txt} {codec}-{group}"
                exp = dict(title=title, seasons=list(range(s, last + 1)), is_multi_season=True)
            exp.update(languages=[iso], resolution=res_v, source=src_v, release_group=group)
            self.add(name, **exp)

    def paths(self, count: int) -> None:
        for _ in range(count):
            title = self.pick(TV_TITLES + APOSTROPHE_TITLES)
            s = self.rng.randint(1, 10)
            e = self.rng.randint(1, 24)
            root = self.pick(
                [
                    "/data/tv",
                    "/mnt/media/TV Shows",
                    "D:\\TV",
                    "/srv/library/series",
                    "/downloads/complete",
                ]
            )
            sep = "\\" if root.startswith("D:") else "/"
            season_dir = self.pick([f"Season {s}", f"Season {s:02}", f"S{s:02}", f"Staffel {s}"])
            form = self.rng.randrange(5)
            if form == 0:
                file = f"{s:02}x{e:02}.mkv"
            elif form == 1:
                file = f"S{s:02}E{e:02}.mkv"
            elif form == 2:
                file = f"{title} - S{s:02}E{e:02} - {self.pick(EPISODE_TITLES)}.mkv"
            elif form == 3:
                file = f"Episode {e}.mkv"
            else:
                file = f"{e:02} - {self.pick(EPISODE_TITLES)}.mkv"
            name = sep.join([root, title, season_dir, file])
            self.add(name, title=title, seasons=[s], episodes=[e], container="mkv")


def build() -> list[dict]:
    gen = Gen(seed=20240521)
    gen.tv_scene(520)
    gen.tv_packs(110)
    gen.number_forms(45)
    gen.movies(230)
    gen.anime(200)
    gen.foreign(80)
    gen.paths(70)
    return gen.cases


def main() -> None:
    cases = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for case in cases:
            fh.write(json.dumps(case, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
