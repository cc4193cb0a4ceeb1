"""Sentence -> expected relations, written for these tests (not taken from the seeds).

Each case is ``(sentence, expected)``; ``expected`` is a set of ``(type, source, target, modality)``.
A target ending in ``*`` matches any key with that prefix (agreement keys depend on the
agreement resolver). An empty set is a negative case: co-occurrence without a relation.
"""

from __future__ import annotations

A, R, H, N = "asserted", "reported", "hypothetical", "negated"

RELATIONS: list[tuple[str, set[tuple[str, str, str, str]]]] = [
    # alliance
    ("La France et l'Allemagne ont conclu une alliance militaire en 1963.",
     {("alliance", "state/DEU", "state/FRA", A)}),
    ("Le Japon renforce son partenariat stratégique avec l'Inde.",
     {("alliance", "state/IND", "state/JPN", A)}),
    ("Le pacte de défense entre l'Arménie et la Russie reste en vigueur.",
     {("alliance", "state/ARM", "state/RUS", A), ("agreement_party", "state/ARM", "agreement/*", A),
      ("agreement_party", "state/RUS", "agreement/*", A)}),
    ("Selon des diplomates, la Serbie envisage une alliance avec la Hongrie.",
     {("alliance", "state/HUN", "state/SRB", H)}),
    # arms supply
    ("L'Iran a livré des drones armés à la Russie.", {("arms_supply", "state/IRN", "state/RUS", A)}),
    ("Washington a fourni des chars à Kiev.", {("arms_supply", "state/USA", "state/UKR", A)}),
    ("La Turquie aurait vendu des drones au Mali.", {("arms_supply", "state/TUR", "state/MLI", R)}),
    ("Israël a nié avoir fourni des armes à l'Azerbaïdjan.", {("arms_supply", "state/ISR", "state/AZE", N)}),
    ("L'Allemagne n'a livré aucun char à l'Ukraine.", {("arms_supply", "state/DEU", "state/UKR", N)}),
    ("Le Mali s'est procuré des hélicoptères de combat auprès de la Russie.",
     {("arms_supply", "state/RUS", "state/MLI", A)}),
    ("Les livraisons d'armes françaises à l'Égypte ont augmenté.", {("arms_supply", "state/FRA", "state/EGY", A)}),
    ("L'Inde a acheté des sous-marins à la France.", {("arms_supply", "state/FRA", "state/IND", A)}),
    ("La Russie apporte une aide militaire à la Syrie.", {("arms_supply", "state/RUS", "state/SYR", A)}),
    ("Paris n'exclut pas d'envoyer des troupes en Ukraine.", {("arms_supply", "state/FRA", "state/UKR", H)}),
    ("L'éventuelle livraison de missiles allemands à l'Ukraine divise la coalition.",
     {("arms_supply", "state/DEU", "state/UKR", H)}),
    # sanctions
    ("L'Union européenne a imposé de nouvelles sanctions contre l'Iran.", {("sanctions", "org/EU", "state/IRN", A)}),
    ("Les États-Unis ont sanctionné la Turquie en 2020.", {("sanctions", "state/USA", "state/TUR", A)}),
    ("Le Canada appelle à de nouvelles sanctions contre le Venezuela.", {("sanctions", "state/CAN", "state/VEN", H)}),
    ("Les sanctions américaines contre Cuba restent en vigueur.", {("sanctions", "state/USA", "state/CUB", A)}),
    # sanctions relief
    ("Washington a levé les sanctions visant le Venezuela.", {("sanctions_relief", "state/USA", "state/VEN", A)}),
    ("L'Union européenne pourrait assouplir les sanctions contre la Syrie.",
     {("sanctions_relief", "org/EU", "state/SYR", H)}),
    ("Le Japon refuse de lever les sanctions contre la Corée du Nord.",
     {("sanctions_relief", "state/JPN", "state/PRK", N)}),
    # military cooperation
    ("L'Inde et la France ont renforcé leur coopération militaire.",
     {("military_cooperation", "state/FRA", "state/IND", A)}),
    ("La Turquie mène des exercices militaires conjoints avec le Pakistan.",
     {("military_cooperation", "state/PAK", "state/TUR", A)}),
    ("Le Maroc et Israël pourraient développer une coopération en matière de défense.",
     {("military_cooperation", "state/ISR", "state/MAR", H)}),
    # criticism
    ("La France a condamné l'Iran pour ses essais de missiles.", {("criticism", "state/FRA", "state/IRN", A)}),
    ("Le Qatar dénonce les frappes israéliennes contre le Liban.",
     {("criticism", "state/QAT", "state/ISR", A), ("conflict", "state/ISR", "state/LBN", R)}),
    ("L'Union africaine s'est dite préoccupée par la présence du groupe Wagner au Mali.",
     {("criticism", "org/AU", "org/WAGNER", A)}),
    ("Pedro Sánchez a vivement critiqué Israël.", {("criticism", "person/pedro-sanchez", "state/ISR", A)}),
    ("Le Japon a exprimé sa préoccupation face aux essais nucléaires de la Corée du Nord.",
     {("criticism", "state/JPN", "state/PRK", A)}),
    # support
    ("L'Union européenne a apporté son soutien à la Moldavie.", {("support", "org/EU", "state/MDA", A)}),
    ("Le Brésil soutient l'Argentine dans ces négociations.", {("support", "state/BRA", "state/ARG", A)}),
    ("L'Arabie saoudite a accordé une aide financière à l'Égypte.", {("support", "state/SAU", "state/EGY", A)}),
    # meeting
    ("Emmanuel Macron a rencontré Olaf Scholz à Berlin.",
     {("meeting", "person/emmanuel-macron", "person/olaf-scholz", A)}),
    ("Narendra Modi s'est rendu en Chine la semaine dernière.", {("meeting", "person/narendra-modi", "state/CHN", A)}),
    ("La visite d'Antonio Guterres au Soudan a duré deux jours.",
     {("meeting", "person/antonio-guterres", "state/SDN", A)}),
    ("Xi Jinping pourrait rencontrer Joe Biden en novembre.",
     {("meeting", "person/xi-jinping", "person/joe-biden", H)}),
    # conflict
    ("La Russie a envahi l'Ukraine en février 2022.", {("conflict", "state/RUS", "state/UKR", A)}),
    ("Israël a bombardé des positions du Hezbollah au Liban.", {("conflict", "state/ISR", "org/HEZBOLLAH", A)}),
    ("L'Azerbaïdjan menace d'attaquer l'Arménie.", {("conflict", "state/AZE", "state/ARM", H)}),
    ("Le Hamas a attaqué Israël.", {("conflict", "org/HAMAS", "state/ISR", A)}),
    ("Si la Russie attaque la Moldavie, l'OTAN réagira.", {("conflict", "state/RUS", "state/MDA", H)}),
    # violation
    ("L'Iran a enfreint la résolution 2231 du Conseil de sécurité.",
     {("violation", "state/IRN", "agreement/*", A)}),
    ("Selon l'AIEA, l'Iran aurait violé le traité de non-prolifération.",
     {("violation", "state/IRN", "agreement/*", R)}),
    # membership
    ("La Turquie, membre de l'OTAN, a acheté des missiles russes.",
     {("membership", "state/TUR", "org/NATO", A), ("arms_supply", "state/RUS", "state/TUR", A)}),
    ("La Finlande a rejoint l'OTAN en 2023.", {("membership", "state/FIN", "org/NATO", A)}),
    ("L'Ukraine n'est pas membre de l'Union européenne.", {("membership", "state/UKR", "org/EU", N)}),
    # agreement parties
    ("L'Égypte et Israël ont signé un traité de paix en 1979.",
     {("agreement_party", "state/EGY", "agreement/*", A), ("agreement_party", "state/ISR", "agreement/*", A)}),
    # reported and attributed
    ("Selon Reuters, la Chine a livré des drones à l'Iran.", {("arms_supply", "state/CHN", "state/IRN", R)}),
    ("Josep Borrell a affirmé que l'Iran fournissait des missiles à la Russie.",
     {("arms_supply", "state/IRN", "state/RUS", R)}),
    ("L'Iran a démenti avoir livré des missiles aux Houthis.", {("arms_supply", "state/IRN", "org/HOUTHIS", N)}),
    ("Moscou ne fournira jamais d'armes à Taïwan.", {("arms_supply", "state/RUS", "state/TWN", N)}),
    # negative cases: the entities co-occur, nothing relates them
    ("Le président français et le chancelier allemand ont assisté au match.", set()),
    ("La France et l'Iran ont des positions très différentes sur le climat.", set()),
    ("La guerre en Ukraine inquiète les marchés financiers.", set()),
    ("Des drones ont été aperçus près de la frontière entre la Turquie et la Syrie.", set()),
    ("Le Mali et le Niger ont échangé des ambassadeurs en 2010.", set()),
    ("L'Allemagne a livré des céréales à l'Égypte.", set()),
    ("Le rapport de l'ONU sur l'Iran sera publié demain.", set()),
    ("Les relations entre l'Inde et le Pakistan restent tendues.", set()),
    ("Emmanuel Macron a parlé de l'Ukraine avec des journalistes.", set()),
    ("La Chine et Taïwan organisent chacune des élections cette année.", set()),
]
