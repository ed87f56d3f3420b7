"""A State's name in each of the six languages, and its forms after "Permanent Mission of".

The English name comes from StatePartyRegistered (the secretariat's own list). For the other
languages the name is Babel's (CLDR) territory name, reached through CLDR's alpha-3 to
alpha-2 aliases, except where CLDR's everyday short name is not the one the United Nations
uses in correspondence (`UN_NAMES`); a State with no alpha-2 code keeps its English name.
"""

from __future__ import annotations

import functools

from babel.core import get_global

from services.notifications.domain.i18n import locale_of

#: United Nations names where CLDR's short name would be wrong or too familiar in a note
#: verbale (order of each tuple: fr, es, ru, zh, ar)
_UN = {
    "PS": ("État de Palestine", "Estado de Palestina", "Государство Палестина", "巴勒斯坦国",
           "دولة فلسطين"),
    "CD": ("République démocratique du Congo", "República Democrática del Congo",
           "Демократическая Республика Конго", "刚果民主共和国", "جمهورية الكونغو الديمقراطية"),
    "CG": ("Congo", "Congo", "Конго", "刚果", "الكونغو"),
    "KR": ("République de Corée", "República de Corea", "Республика Корея", "大韩民国",
           "جمهورية كوريا"),
    "KP": ("République populaire démocratique de Corée",
           "República Popular Democrática de Corea",
           "Корейская Народно-Демократическая Республика", "朝鲜民主主义人民共和国",
           "جمهورية كوريا الشعبية الديمقراطية"),
    "MM": ("Myanmar", "Myanmar", "Мьянма", "缅甸", "ميانمار"),
    "RU": ("Fédération de Russie", "Federación de Rusia", "Российская Федерация", "俄罗斯联邦",
           "الاتحاد الروسي"),
    "IR": ("République islamique d’Iran", "República Islámica del Irán",
           "Исламская Республика Иран", "伊朗伊斯兰共和国", "جمهورية إيران الإسلامية"),
    "SY": ("République arabe syrienne", "República Árabe Siria", "Сирийская Арабская Республика",
           "阿拉伯叙利亚共和国", "الجمهورية العربية السورية"),
    "BO": ("État plurinational de Bolivie", "Estado Plurinacional de Bolivia",
           "Многонациональное Государство Боливия", "多民族玻利维亚国",
           "دولة بوليفيا المتعددة القوميات"),
    "VE": ("République bolivarienne du Venezuela", "República Bolivariana de Venezuela",
           "Боливарианская Республика Венесуэла", "委内瑞拉玻利瓦尔共和国",
           "جمهورية فنزويلا البوليفارية"),
    "TZ": ("République-Unie de Tanzanie", "República Unida de Tanzanía",
           "Объединенная Республика Танзания", "坦桑尼亚联合共和国", "جمهورية تنزانيا المتحدة"),
    "MD": ("République de Moldova", "República de Moldova", "Республика Молдова", "摩尔多瓦共和国",
           "جمهورية مولدوفا"),
    "LA": ("République démocratique populaire lao", "República Democrática Popular Lao",
           "Лаосская Народно-Демократическая Республика", "老挝人民民主共和国",
           "جمهورية لاو الديمقراطية الشعبية"),
    "GB": ("Royaume-Uni de Grande-Bretagne et d’Irlande du Nord",
           "Reino Unido de Gran Bretaña e Irlanda del Norte",
           "Соединенное Королевство Великобритании и Северной Ирландии",
           "大不列颠及北爱尔兰联合王国",
           "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية"),
    "US": ("États-Unis d’Amérique", "Estados Unidos de América", "Соединенные Штаты Америки",
           "美利坚合众国", "الولايات المتحدة الأمريكية"),
    "AE": ("Émirats arabes unis", "Emiratos Árabes Unidos", "Объединенные Арабские Эмираты",
           "阿拉伯联合酋长国", "الإمارات العربية المتحدة"),
    "CI": ("Côte d’Ivoire", "Côte d’Ivoire", "Кот-д’Ивуар", "科特迪瓦", "كوت ديفوار"),
    "CV": ("Cabo Verde", "Cabo Verde", "Кабо-Верде", "佛得角", "كابو فيردي"),
    "VN": ("Viet Nam", "Viet Nam", "Вьетнам", "越南", "فييت نام"),
    "TR": ("Türkiye", "Türkiye", "Турция", "土耳其", "تركيا"),
    "FM": ("États fédérés de Micronésie", "Estados Federados de Micronesia",
           "Федеративные Штаты Микронезии", "密克罗尼西亚联邦", "ولايات ميكرونيزيا الموحدة"),
}
_ORDER = ("fr", "es", "ru", "zh", "ar")
UN_NAMES = {a2: dict(zip(_ORDER, names, strict=True)) for a2, names in _UN.items()}


@functools.cache
def alpha2(code: str) -> str | None:
    """ISO 3166-1 alpha-2 for an alpha-3 code, from CLDR's territory aliases."""
    targets = get_global("territory_aliases").get(code)
    return targets[0] if targets and len(targets) == 1 else None


def local_name(code: str, english: str, language: str) -> str:
    """The State's name in `language`; the English name where nothing better is known."""
    if language == "en":
        return english
    two = alpha2(code)
    if two is None:
        return english
    if two in UN_NAMES and language in UN_NAMES[two]:
        return UN_NAMES[two][language]
    return locale_of(language).territories.get(two, english)
