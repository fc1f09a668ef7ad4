from sponsorship.csvimport import read_csv


def test_separator_comes_from_the_header_line():
    header, rows = read_csv(b"name;languages\nAmal;nl:native, ar:basic\n")
    assert header == ["name", "languages"]
    assert rows == [{"name": "Amal", "languages": "nl:native, ar:basic"}]
    header, rows = read_csv("\ufeffname,languages\nAmal,nl:native; ar:basic\n".encode())
    assert header == ["name", "languages"]
    assert rows[0]["languages"] == "nl:native; ar:basic"


def test_quoted_values_and_tabs():
    header, rows = read_csv('a\tb\n"x, y"\tz\n')
    assert rows == [{"a": "x, y", "b": "z"}]
