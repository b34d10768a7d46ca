"""The generated OpenAPI schema and the interactive docs served from local assets."""
import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "openapi: 3" in (tmp_path / "schema.yaml").read_text()


def test_every_operation_documents_the_error_shape(api):
    schema = api.get("/api/v1/schema/?format=json").json()
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"error"}
    operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(operations) >= 20
    for path, method, op in operations:
        for status in ("429", "500"):
            ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
            assert ref == "#/components/schemas/Error", (path, method, status)
        if "requestBody" in op:
            assert {"400", "415"} <= set(op["responses"]), (path, method)
    submit = schema["paths"]["/api/v1/incidents/"]["post"]
    assert {p["name"] for p in submit["parameters"]} == {"Idempotency-Key"}
    assert {} in submit["security"], "submitting does not need credentials"


@pytest.mark.parametrize("page", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_pages_use_local_assets_only(api, page):
    html = api.get(page).content.decode()
    assert "/api/v1/docs/assets/" in html
    assert "cdn.jsdelivr.net" not in html


def test_docs_assets_are_served(api):
    response = api.get("/api/v1/docs/assets/swagger-ui-dist/swagger-ui-bundle.js")
    assert response.status_code == 200 and "javascript" in response["Content-Type"]
    assert api.get("/api/v1/docs/assets/redoc/bundles/redoc.standalone.js").status_code == 200
    assert api.get("/api/v1/docs/assets/../../../settings.py").status_code in (400, 404), "no way out of the assets"
