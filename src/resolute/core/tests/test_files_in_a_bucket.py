"""Uploaded files in an S3-compatible bucket (S3_BUCKET): kept private, served through Resolute's own
view after its check, streamed from the bucket. The bucket is moto's, inside this process."""

import pytest
from django.core.files.base import ContentFile
from django.http import Http404

from resolute.config.nodes import storage_settings
from resolute.core.files import download_response
from resolute.tasks.models import Evidence

BUCKET = "resolute-files"


@pytest.fixture
def bucket(settings):
    from moto import mock_aws

    with mock_aws():
        import boto3

        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        environment = {"S3_BUCKET": BUCKET, "S3_REGION": "us-east-1", "S3_PREFIX": "uploads"}
        settings.STORAGES = {
            **settings.STORAGES,
            "default": storage_settings(environment, max_memory_bytes=1024),
        }
        yield client


def kept(content: bytes) -> Evidence:
    evidence = Evidence(
        original_name="Biên bản nghiệm thu.pdf", content_type="application/pdf", size=len(content)
    )
    evidence.file.save("minutes.pdf", ContentFile(content), save=False)
    return evidence


def test_a_kept_file_is_a_private_object_in_the_bucket(bucket):
    evidence = kept(b"%PDF-1.4 the minutes")
    key = f"uploads/{evidence.file.name}"
    assert bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == b"%PDF-1.4 the minutes"
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner's, nobody else's
    # Any URL the storage could make is signed and short-lived, never a public one.
    url = evidence.file.url
    assert "Signature=" in url or "X-Amz-Signature=" in url


def test_a_download_is_streamed_from_the_bucket_under_the_name_given(bucket):
    content = b"%PDF-1.4 " + bytes(range(256)) * 40  # larger than the 1 KiB held in memory
    response = download_response(kept(content))
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "nghi%E1%BB%87m" in response["Content-Disposition"]


def test_a_file_missing_from_the_bucket_is_not_found(bucket):
    evidence = kept(b"%PDF-1.4 gone")
    bucket.delete_object(Bucket=BUCKET, Key=f"uploads/{evidence.file.name}")
    with pytest.raises(Http404):
        download_response(evidence)
