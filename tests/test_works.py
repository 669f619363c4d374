"""Attribution of spoilers to works and seasons, and the finished-works whitelist, through the API."""

import pytest

from model.catalog import Catalog, Work
from model.works import find_season
from tests.conftest import TINY, assert_error


def spoilers(client, text, **extra):
    response = client.post("/v1/detect", json={"text": text, "threshold": 0, **extra})
    assert response.status_code == 200, response.get_data(as_text=True)
    payload = response.get_json()
    return {text[s["start"]:s["end"]]: s for s in payload["spoilers"]}, payload["suppressed"]


@pytest.mark.parametrize(
    "text, sentence, work, context_title",
    [
        ("Nothing new here. In the Dark finale the two worlds end.", "In the Dark finale the two worlds end.", "Dark", ""),
        ("Cheong-san chooses to die.", "Cheong-san chooses to die.", "All of Us Are Dead", ""),
        ("The hero wins the last game and keeps the money.", "The hero wins the last game and keeps the money.", "Squid Game", "Squid Game recap: the final episode"),
        ("He dies at the end.", "He dies at the end.", None, ""),
        ("Ned dies in Game of Thrones, Walt in Breaking Bad.", "Ned dies in Game of Thrones, Walt in Breaking Bad.", None, ""),
        ("Lost never explained its island. Dark explained everything. Jonas erases his own world.",
         "Jonas erases his own world.", "Dark", ""),
        ("Lost never explained its island. Dark explained everything. It all ends in a single room.",
         "It all ends in a single room.", "Dark", ""),
    ],
    ids=["title-in-sentence", "character-only", "page-title-only", "no-evidence", "two-works-one-sentence",
         "two-works-character-decides", "two-works-nearest"],
)
def test_each_spoiler_names_the_work_it_spoils(client, text, sentence, work, context_title):
    found, _ = spoilers(client, text, context={"title": context_title, "url": "https://example.org/a"})
    assert found[sentence]["work"] == work


def test_neighbouring_blocks_lend_their_work(client):
    blocks = [{"id": "h", "text": "Squid Game: our recap of the final episode"},
              {"id": "p", "text": "The old man was behind everything from the start."}]
    payload = client.post("/v1/detect", json={"blocks": blocks, "threshold": 0}).get_json()
    [spoiler] = [s for s in payload["spoilers"] if s["block"] == "p"]
    assert spoiler["work"] == "Squid Game"


@pytest.mark.parametrize(
    "text, season",
    [("In the season 2 finale, Jonas dies.", 2), ("S3E05 ends with Walt alone.", 3), ("The third season kills Ned.", 3),
     ("Series 4 brings Sherlock back.", 4), ("Walt dies.", None)],
)
def test_a_spoiler_carries_the_season_its_text_ties_it_to(client, text, season):
    found, _ = spoilers(client, text)
    assert found[text]["season"] == season


def test_find_season_reads_common_ways_of_naming_a_season():
    assert find_season("episode 11 of season 1") == 1
    assert find_season("the SECOND season") == 2
    assert find_season("season 12 is long") == 12


def test_a_finished_work_is_not_returned_and_is_counted(client):
    text = "Cheong-san chooses to die. Walt dies in the lab."
    found, suppressed = spoilers(client, text, finished=["All of Us Are Dead"], context={"title": "All of Us Are Dead, recapped"})
    assert "Cheong-san chooses to die." not in found and "Walt dies in the lab." in found
    assert suppressed == 1


def test_whitelist_titles_match_forgivingly(client):
    _, suppressed = spoilers(client, "In All of Us Are Dead, Cheong-san chooses to die.", finished=["jibeuro gan da"])
    assert suppressed == 1


@pytest.mark.parametrize(
    "text, through, suppressed",
    [("In season 1 of All of Us Are Dead, Cheong-san chooses to die.", 1, 1),
     ("In season 2 of All of Us Are Dead, On-jo finally leaves the school.", 1, 0),
     ("In All of Us Are Dead, Cheong-san chooses to die.", 1, 0),
     ("In season 2 of All of Us Are Dead, On-jo finally leaves the school.", 2, 1)],
    ids=["same-season", "later-season", "unknown-season-stays-blurred", "through-later-season"],
)
def test_finished_through_a_season_hides_only_that_far(client, text, through, suppressed):
    found, count = spoilers(client, text, finished=[{"work": "All of Us Are Dead", "through_season": through}])
    assert count == suppressed
    assert (text in found) == (not suppressed)


def test_a_lone_first_name_is_not_enough_to_hide_a_spoiler(client):
    # Used to hide a Get Out spoiler from a reader who had finished Titanic, whose heroine is also called Rose.
    text = "Rose was in on it from the start, luring every partner home."
    found, suppressed = spoilers(client, text, finished=["Titanic"])
    assert suppressed == 0 and text in found


def test_a_whitelisted_work_never_hides_another_works_spoiler(client):
    text = "Gi-hun wins the last game. Cheong-san chooses to die. The old man created the games."
    found, suppressed = spoilers(client, text, finished=["Dark", "Friends", "Breaking Bad"])
    assert suppressed == 0 and len(found) == 3


def test_a_title_the_catalog_does_not_know_is_matched_in_the_page(client):
    text = "In The Midnight Gospel finale, Clancy says goodbye to his mother."
    found, suppressed = spoilers(client, text)
    assert found[text]["work"] is None
    found, suppressed = spoilers(client, text, finished=["The Midnight Gospel"])
    assert suppressed == 1 and not found


CATALOG = Catalog([
    Work("All of Us Are Dead", ("Jibeuro Gan Da",), "tv", 2),
    Work("Amélie", (), "film"),
    Work("Squid Game", (), "tv", 3),
    Work("Sherlock", (), "tv", 4),
    Work("Dark", (), "tv", 3),
])


@pytest.mark.parametrize(
    "query, first",
    [("all of us", "All of Us Are Dead"), ("ALL OF US ARE DEAD!", "All of Us Are Dead"), ("amelie", "Amélie"),
     ("squid gmae", "Squid Game"), ("sherlok", "Sherlock"), ("jibeuro", "All of Us Are Dead"), ("dark", "Dark")],
)
def test_catalog_search_forgives_case_accents_punctuation_and_typos(query, first):
    assert CATALOG.search(query)[0].title == first


def test_catalog_search_returns_nothing_for_nonsense():
    assert CATALOG.search("zzzzqqqq") == [] and CATALOG.search("  ") == []


def test_works_endpoint_answers_best_match_first(client):
    works = client.get("/v1/works?q=squid").get_json()["works"]
    assert works[0] == {"title": "Squid Game", "aliases": [], "medium": "tv", "seasons": 3}


@pytest.mark.parametrize("query", ["limit=0", "limit=x", "limit=51", "q=" + "a" * 201])
def test_works_endpoint_checks_its_parameters(client, query):
    assert_error(client.get(f"/v1/works?{query}"), 400)


def test_the_attribution_measurement_runs_on_held_out_paragraphs(tiny_model_dir, capsys):
    from model import attribution

    assert attribution.main(["--data", str(TINY), "--model-dir", str(tiny_model_dir), "--all"]) == 0
    out = capsys.readouterr().out
    assert "with_page_title" in out and "wrongly hidden (0.00%)" in out


def test_a_day_of_the_week_never_names_a_show():
    from model.works import NameIndex

    index = NameIndex([Work("Wednesday", (), "tv", 2, None, ("Enid",)), Work("Breaking Bad", (), "tv", 5, None, ("Walt",))])
    assert index.mentions("On Wednesday, Walt dies in the lab.") == {"Breaking Bad": 2.0}


def test_a_one_word_title_counts_less_than_a_character_name(client):
    # "Dark" is a one-word title; "Cheong-san" names a character of another work and should win.
    found, _ = spoilers(client, "In a dark turn, Cheong-san chooses to die.")
    assert found["In a dark turn, Cheong-san chooses to die."]["work"] == "All of Us Are Dead"
    found, _ = spoilers(client, "Dark ends with Cheong-san choosing to die.")
    assert found["Dark ends with Cheong-san choosing to die."]["work"] == "All of Us Are Dead"


def test_names_that_are_also_phrases_count_only_when_written_as_names():
    from model.works import NameIndex

    index = NameIndex([
        Work("Metal Gear Solid 3", (), "game", None, None, ("The End", "The Boss")),
        Work("The Others", (), "film", None, None, ("Grace",)),
        Work("Doctor Who", (), "tv", None, None, ("the Doctor",)),
        Work("Pretty Little Liars", (), "tv", 7, None, ("A", "Spencer")),
        Work("Mare of Easttown", (), "tv", 1, None, ("Mare Sheehan",)),
    ])
    assert index.mentions("By the end, the others leave and the doctor says nothing.") == {}
    assert index.mentions("A young child is killed in the opening minutes.") == {}
    assert index.mentions("The End is the slowest boss fight ever made.") == {"Metal Gear Solid 3": 2.0}
    assert index.mentions("Grace tells the Doctor about The Others.") == {
        "The Others": 3.0 + 2.0, "Doctor Who": 2.0}
    # A sentence typed all in lower case is read leniently for names of two words or more, never for one word.
    assert index.mentions("finally watching mare of easttown and spencer is not in it") == {"Mare of Easttown": 3.0}


def test_the_catalog_refuses_names_not_written_as_proper_nouns(tmp_path):
    from model.catalog import read_catalog

    path = tmp_path / "works.jsonl"
    path.write_text('{"title": "Frankenstein", "aliases": [], "medium": "book", "seasons": null, "year": 1818, '
                    '"characters": ["Victor", "the monster"]}\n', encoding="utf-8")
    problems = []
    read_catalog(path, problems)
    assert len(problems) == 1 and "'the monster' is not written as a proper noun" in problems[0]
