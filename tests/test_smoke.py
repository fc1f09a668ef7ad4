import pytest


@pytest.mark.django_db
def test_pages_with_data_require_login(client):
    # The home is public (the landing page, tests/test_landing.py); lists are not.
    response = client.get("/groups/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
