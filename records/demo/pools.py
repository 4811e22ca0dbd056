"""The names, places and dates the demo draws its people from: family and given names with
their readings, the countries of the war dead abroad, and dates written as the registers
write them."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from records.garbled_readings import garble_katakana
from records.prefectures import PREFECTURES
from records.readings import katakana_to_cyrillic
from records.search_keys import search_key

FAMILY = (
    "佐藤 サトウ",
    "鈴木 スズキ",
    "高橋 タカハシ",
    "髙橋 タカハシ",
    "田中 タナカ",
    "伊藤 イトウ",
    "渡辺 ワタナベ",
    "渡邉 ワタナベ",
    "山本 ヤマモト",
    "中村 ナカムラ",
    "小林 コバヤシ",
    "加藤 カトウ",
    "吉田 ヨシダ",
    "山田 ヤマダ",
    "佐々木 ササキ",
    "山口 ヤマグチ",
    "松本 マツモト",
    "井上 イノウエ",
    "木村 キムラ",
    "林 ハヤシ",
    "斎藤 サイトウ",
    "齋藤 サイトウ",
    "清水 シミズ",
    "山崎 ヤマザキ",
    "山﨑 ヤマザキ",
    "森 モリ",
    "池田 イケダ",
    "橋本 ハシモト",
    "阿部 アベ",
    "石川 イシカワ",
    "山下 ヤマシタ",
    "中島 ナカジマ",
    "石井 イシイ",
    "小川 オガワ",
    "前田 マエダ",
    "岡田 オカダ",
    "長谷川 ハセガワ",
    "藤田 フジタ",
    "後藤 ゴトウ",
    "近藤 コンドウ",
    "村上 ムラカミ",
    "遠藤 エンドウ",
    "青木 アオキ",
    "坂本 サカモト",
    "斉藤 サイトウ",
    "福田 フクダ",
    "太田 オオタ",
    "西村 ニシムラ",
    "藤井 フジイ",
    "金子 カネコ",
    "岡本 オカモト",
    "藤原 フジワラ",
    "中野 ナカノ",
    "三浦 ミウラ",
    "原田 ハラダ",
    "中川 ナカガワ",
    "松田 マツダ",
    "竹内 タケウチ",
    "小野 オノ",
    "田村 タムラ",
    "中山 ナカヤマ",
    "和田 ワダ",
    "石田 イシダ",
    "森田 モリタ",
    "上田 ウエダ",
    "原 ハラ",
    "内田 ウチダ",
    "柴田 シバタ",
    "酒井 サカイ",
    "宮崎 ミヤザキ",
    "横山 ヨコヤマ",
    "高木 タカギ",
    "安藤 アンドウ",
    "宮本 ミヤモト",
    "大野 オオノ",
    "小島 コジマ",
    "工藤 クドウ",
    "大塚 オオツカ",
    "菅原 スガワラ",
    "久保 クボ",
    "野口 ノグチ",
    "松井 マツイ",
    "千葉 チバ",
    "岩崎 イワサキ",
    "桜井 サクライ",
    "木下 キノシタ",
    "野村 ノムラ",
    "菊地 キクチ",
    "東 ヒガシ",
)
GIVEN = (
    "正 タダシ",
    "春雄 ハルオ",
    "一郎 イチロウ",
    "清 キヨシ",
    "茂 シゲル",
    "実 ミノル",
    "勇 イサム",
    "博 ヒロシ",
    "進 ススム",
    "弘 ヒロシ",
    "武 タケシ",
    "勝 マサル",
    "三郎 サブロウ",
    "二郎 ジロウ",
    "次郎 ジロウ",
    "正雄 マサオ",
    "義雄 ヨシオ",
    "秀雄 ヒデオ",
    "幸雄 ユキオ",
    "豊 ユタカ",
    "明 アキラ",
    "昭 アキラ",
    "久雄 ヒサオ",
    "正一 ショウイチ",
    "健一 ケンイチ",
    "太郎 タロウ",
    "利雄 トシオ",
    "信夫 ノブオ",
    "敏夫 トシオ",
    "武雄 タケオ",
    "忠雄 タダオ",
    "金蔵 キンゾウ",
    "久 ヒサシ",
    "治 オサム",
    "亀吉 カメキチ",
    "寅雄 トラオ",
    "一男 カズオ",
    "辰雄 タツオ",
    "光男 ミツオ",
    "四郎 シロウ",
    "五郎 ゴロウ",
    "保 タモツ",
    "稔 ミノル",
    "昇 ノボル",
    "誠 マコト",
    "孝 タカシ",
    "隆 タカシ",
    "満 ミツル",
    "栄 サカエ",
    "登 ノボル",
    "正夫 マサオ",
    "重雄 シゲオ",
    "俊夫 トシオ",
    "良一 リョウイチ",
    "善吉 ゼンキチ",
    "留吉 トメキチ",
    "喜一 キイチ",
    "徳治 トクジ",
    "政雄 マサオ",
    "源治 ゲンジ",
    "文雄 フミオ",
    "達雄 タツオ",
)
ABROAD = (
    "フィリピン",
    "中国",
    "ミャンマー",
    "パプアニューギニア",
    "インドネシア",
    "ソロモン諸島",
    "マリアナ諸島",
    "硫黄島",
    "沖縄",
    "樺太",
    "台湾",
    "朝鮮半島",
)


@dataclass(frozen=True)
class Part:
    """One family or given name from the pools, with everything derived from it once."""

    kanji: str
    kana: str
    kanji_key: str
    kana_key: str
    cyrillic: str
    cyrillic_key: str
    garbled: tuple[tuple[str, str], ...]  # (katakana as a Russian clerk left it, its key)


def parts(pool: tuple[str, ...], rng: random.Random) -> list[Part]:
    parts = []
    for entry in pool:
        kanji, kana = entry.split()
        cyrillic = katakana_to_cyrillic(kana)
        garbled = {kana} | {garble_katakana(kana, rng) for _ in range(4)}
        parts.append(
            Part(
                kanji,
                kana,
                search_key(kanji),
                search_key(kana),
                cyrillic,
                search_key(cyrillic),
                tuple((g, search_key(g)) for g in sorted(garbled)),
            )
        )
    return parts


class Pools:
    """Everything the person loop picks from, built once."""

    def __init__(self, rng: random.Random) -> None:
        family, given = parts(FAMILY, rng), parts(GIVEN, rng)
        self.names = [
            (
                f,
                g,
                f"{f.kanji}　{g.kanji}",
                f"{f.kana} {g.kana}",
                f.kanji_key + g.kanji_key,
                f.kana_key + g.kana_key,
            )
            for f in family
            for g in given
        ]
        self.births = [(year, str(year)) for year in range(1895, 1929)]
        self.prefectures = [code for code, _name in PREFECTURES]
        self.war_deaths = [death_date(rng, date(1937, 7, 7), 2950) for _ in range(20_000)]
        self.internment_deaths = [death_date(rng, date(1945, 9, 1), 1600) for _ in range(20_000)]
        self.camps = [f"第{a}収容地区第{b}分所" for a in range(1, 41) for b in range(1, 21)]


def death_date(rng: random.Random, start: date, span_days: int) -> tuple[str, str, str]:
    day = start + timedelta(days=rng.randrange(span_days))
    shape = rng.random()
    if shape < 0.7:
        return wareki(day), day.isoformat(), "day"
    if shape < 0.9:
        return f"昭和{day.year - 1925}年{day.month}月", f"{day.year}-{day.month:02d}", "month"
    return f"昭和{day.year - 1925}年", str(day.year), "year"


def wareki(day: date) -> str:
    if day >= date(2019, 5, 1):
        era, year = "令和", day.year - 2018
    elif day >= date(1989, 1, 8):
        era, year = "平成", day.year - 1988
    else:
        era, year = "昭和", day.year - 1925
    return f"{era}{'元' if year == 1 else year}年{day.month}月{day.day}日"


def fiscal_text(year: int) -> str:
    if year >= 2019:
        era, number = "令和", year - 2018
    else:
        era, number = "平成", year - 1988
    return f"{era}{'元' if number == 1 else number}年度"
