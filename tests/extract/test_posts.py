"""Who holds which office: appositions and titles in sentences of our own."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _posts(extract_text, text):
    result = extract_text(text)
    labels = {e.key: e.label for e in result.entities}
    return {(labels.get(p.person, p.person), p.title, p.organization) for p in result.posts}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Le président brésilien Luiz Inácio Lula da Silva a reçu son homologue.",
         ("Luiz Inácio Lula da Silva", "président", "state/BRA")),
        ("La ministre allemande des Affaires étrangères, Annalena Baerbock, est arrivée à Kiev.",
         ("Annalena Baerbock", "ministre des Affaires étrangères", "state/DEU")),
        ("Le secrétaire général de l'ONU, António Guterres, a appelé au calme.",
         ("António Guterres", "secrétaire général", "org/UN")),
        ("Ahmed Dupuis, porte-parole du gouvernement tunisien, a démenti.",
         ("Ahmed Dupuis", "porte-parole du gouvernement", "state/TUN")),
        ("Le porte-parole du ministère iranien des Affaires étrangères, Nasser Kanani, a répondu.",
         ("Nasser Kanani", "porte-parole", "org/ministere-des-affaires-etrangeres-IRN")),
        ("Selon Paul Martin, directeur de l'Institut français des relations internationales, la crise durera.",
         ("Paul Martin", "directeur", "org/IFRI")),
        ("Ils ont reçu le vice-ministre turc de l'Énergie, Ali Demir, à Ankara.",
         ("Ali Demir", "vice-ministre de l'Énergie", "state/TUR")),
    ],
)
def test_posts_from_titles_and_appositions(extract_text, sentence, expected):
    assert expected in _posts(extract_text, sentence)


def test_posts_affiliation_without_title_is_membership(extract_text):
    posts = _posts(extract_text, "Sarah Cohen, de l'International Crisis Group, juge la trêve fragile.")
    assert any(p[0] == "Sarah Cohen" and p[1] is None and p[2].startswith("org/") for p in posts), posts


def test_posts_title_without_a_name_resolves_to_the_holder(extract_text):
    text = ("Le président kényan William Ruto a reçu les médiateurs. "
            "Le président kényan a ensuite annoncé un cessez-le-feu.")
    result = extract_text(text)
    person = next(e for e in result.entities if e.label == "William Ruto")
    title_mentions = [m for m in result.mentions if m.role == "title"]
    assert title_mentions and all(m.key == person.key for m in title_mentions)
    assert person.mention_count == 2


def test_posts_no_post_without_an_organisation(extract_text):
    assert _posts(extract_text, "Le chercheur Tom Hale a publié une étude sur les drones.") == set()
