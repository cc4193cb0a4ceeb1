"""Generate a JSONL corpus for the scale benchmarks: sentences shuffled across documents.

The sentences are those of the seed articles plus the benchmark's own (below, about many
countries and kinds of relation), so the corpus exercises every stage and merges entities that
recur across thousands of documents. Deterministic for a given ``--seed``.

    python benchmarks/make_corpus.py 1000 -o /tmp/corpus-1k.jsonl
    python benchmarks/make_corpus.py 10000 -o /tmp/corpus-10k.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Our own sentences: other countries, other crises, every modality.
OWN_SENTENCES = [
    "Le Brésil et l'Argentine ont signé mardi un accord de coopération militaire à Buenos Aires.",
    "Selon le ministre indien des affaires étrangères, New Delhi ne livrera pas d'armes au Myanmar.",
    "L'Union européenne a adopté de nouvelles sanctions contre l'Iran après les essais de missiles.",
    "Le président kényan a rencontré son homologue éthiopien à Addis-Abeba pour parler de la Somalie.",
    "La Turquie aurait fourni des drones armés à l'Azerbaïdjan, affirme un rapport de l'ONU.",
    "Le Japon et l'Australie renforcent leur alliance face aux manœuvres navales dans la région.",
    "Le Conseil de sécurité des Nations unies a condamné l'attaque contre la mission au Mali.",
    "L'Allemagne a critiqué la décision de la Hongrie de bloquer l'aide militaire à l'Ukraine.",
    "Le Qatar pourrait servir de médiateur entre les États-Unis et l'Afghanistan, selon des diplomates.",
    "Le Canada n'a pas reconnu le résultat de l'élection présidentielle au Venezuela.",
    "L'Égypte et l'Arabie saoudite ont tenu au Caire une réunion sur la sécurité de la mer Rouge.",
    "La Chine a dénoncé la vente d'avions de combat américains à Taïwan.",
    "Le Premier ministre polonais a appelé l'OTAN à renforcer sa présence sur le flanc oriental.",
    "Selon l'agence Reuters, l'Algérie a suspendu sa coopération énergétique avec l'Espagne.",
    "Le Nigeria et le Ghana ont conclu un pacte de défense mutuelle lors du sommet de la CEDEAO.",
    "Le Mexique a condamné les sanctions imposées par Washington contre Cuba.",
    "Israël et les Émirats arabes unis ont signé un accord de coopération dans le domaine de la défense.",
    "Le ministre sud-africain de la défense a rencontré son homologue chinois à Pékin.",
    "La France aurait livré des canons Caesar à l'Arménie, selon la presse locale.",
    "Le Pakistan accuse l'Inde d'avoir violé le cessez-le-feu au Cachemire.",
    "L'Indonésie et la Malaisie ont appelé l'ASEAN à une position commune sur la mer de Chine méridionale.",
    "Le Royaume-Uni a imposé des sanctions à des responsables biélorusses.",
    "Le secrétaire général de l'ONU a exhorté le Soudan et le Soudan du Sud à reprendre le dialogue.",
    "La Suède et la Finlande ont rejoint l'OTAN après des mois de négociations avec la Turquie.",
    "Le Chili et le Pérou ont annoncé un partenariat stratégique sur le lithium.",
    "L'Italie n'a pas l'intention de livrer des missiles à longue portée, a déclaré son ministre.",
    "Le Maroc a rappelé son ambassadeur en Algérie à la suite de propos jugés hostiles.",
    "Le Vietnam et les Philippines ont signé un accord de garde-côtes à Manille.",
    "Si l'accord échouait, la Grèce pourrait demander une réunion d'urgence de l'Union européenne.",
    "La Norvège finance un programme de déminage en Colombie avec l'appui des Nations unies.",
    "Le chef de la diplomatie saoudienne s'est rendu à Téhéran pour rencontrer le président iranien.",
    "Le think tank Chatham House estime que l'Éthiopie et l'Érythrée restent proches d'une rupture.",
    "Le gouvernement sénégalais a critiqué la présence militaire étrangère au Sahel.",
    "Le Bangladesh a reçu des navires de patrouille livrés par la Chine.",
    "La Corée du Sud et le Japon ont tenu leur premier sommet bilatéral depuis des années.",
    "Le président ukrainien a remercié la Lituanie pour ses livraisons de munitions.",
    "Le Kazakhstan a refusé d'accueillir une base militaire étrangère sur son territoire.",
    "Selon Le Monde, la Belgique envisage de geler des avoirs de banques iraniennes.",
    "Le Conseil européen a salué l'accord de paix entre l'Arménie et l'Azerbaïdjan.",
    "L'Australie a condamné l'arrestation d'un journaliste au Cambodge.",
]


def seed_sentences(folder: Path) -> list[str]:
    """The sentences of the seed articles (one per line or per final stop)."""
    sentences = []
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = re.split(r"(?<=[.!?»])\s+(?=[A-ZÀ-ÖØ-Þ«])", line)
            sentences.extend(s.strip() for s in parts if len(s.strip()) > 25)
    return sentences


def make_corpus(count: int, seed: int = 7, seeds: Path = ROOT / "seeds") -> list[dict[str, str]]:
    """``count`` documents of 4 to 9 sentences drawn without pattern from the pool.

    Args:
        count: number of documents.
        seed: random seed (the corpus is a pure function of it).
        seeds: folder of the seed articles.

    Returns:
        JSONL rows with ``id``, ``title`` and ``text``.
    """
    pool = seed_sentences(seeds) + OWN_SENTENCES
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        sentences = rng.sample(pool, rng.randint(4, 9))
        paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
        rows.append({"id": f"bench-{number:06d}", "title": sentences[0][:60], "text": "\n\n".join(paragraphs)})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of documents")
    parser.add_argument("-o", "--out", type=Path, required=True, help="output .jsonl file")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default: 7)")
    args = parser.parse_args()
    rows = make_corpus(args.count, args.seed)
    with args.out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    words = sum(len(row["text"].split()) for row in rows)
    print(f"{args.out}: {len(rows)} documents, {words} words")


if __name__ == "__main__":
    main()
