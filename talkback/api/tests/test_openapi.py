"""The OpenAPI document is served, valid OpenAPI 3, and lists every route of the API."""

from __future__ import annotations

from talkback.api import moderators, publishers, readers

ROUTES = {
    ("get", "/api/v1/sites/{site_slug}/articles/{article_id}/comments"),
    ("post", "/api/v1/sites/{site_slug}/articles/{article_id}/comments"),
    ("get", "/api/v1/comments/{comment_id}"),
    ("post", "/api/v1/comments/{comment_id}/reports"),
    ("post", "/api/v1/comments/{comment_id}/appeal"),
    ("post", "/api/v1/sites/{site_slug}/articles"),
    ("patch", "/api/v1/sites/{site_slug}/articles/{article_id}"),
    ("get", "/api/v1/sites/{site_slug}/policy"),
    ("put", "/api/v1/sites/{site_slug}/policy"),
    ("get", "/api/v1/sites/{site_slug}/queue"),
    ("post", "/api/v1/sites/{site_slug}/queue/{comment_id}/decision"),
}


def test_it_serves_a_valid_openapi_3_document_with_every_route(client, db):
    from openapi_spec_validator import validate

    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.")
    served = {(method, path) for path, item in document["paths"].items() for method in item}
    assert served == ROUTES


def test_every_operation_of_every_router_is_in_the_document(client, db):
    document = client.get("/api/v1/openapi.json").json()
    served = {(method, path) for path, item in document["paths"].items() for method in item}

    for router in (readers.router, publishers.router, moderators.router):
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    assert (method.lower(), f"/api/v1{path}") in served


def test_errors_and_auth_are_documented(client, db):
    document = client.get("/api/v1/openapi.json").json()
    post = document["paths"]["/api/v1/sites/{site_slug}/articles/{article_id}/comments"]["post"]
    queue = document["paths"]["/api/v1/sites/{site_slug}/queue"]["get"]

    assert {"201", "400", "403", "404", "413", "429"} <= set(post["responses"])
    assert "security" not in post
    assert queue["security"] and "401" in queue["responses"]
