"""S3 through boto3 and the AWS CLI against a running Stratus jar."""
import hashlib
import os
import urllib.request
import uuid

import pytest
from botocore.exceptions import ClientError


def bucket_name(prefix="py"):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def s3(stratus):
    return stratus.client("s3")


@pytest.fixture
def bucket(s3):
    name = bucket_name()
    s3.create_bucket(Bucket=name)
    return name


def test_put_get_head_delete(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="hello.txt", Body=b"hello world", ContentType="text/plain",
                         Metadata={"team": "data"})["ETag"]
    assert etag == '"%s"' % hashlib.md5(b"hello world").hexdigest()
    got = s3.get_object(Bucket=bucket, Key="hello.txt")
    assert got["Body"].read() == b"hello world"
    assert got["ContentType"] == "text/plain"
    assert got["Metadata"] == {"team": "data"}
    head = s3.head_object(Bucket=bucket, Key="hello.txt")
    assert head["ContentLength"] == 11
    part = s3.get_object(Bucket=bucket, Key="hello.txt", Range="bytes=6-")
    assert part["Body"].read() == b"world"
    assert part["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert part["ContentRange"] == "bytes 6-10/11"
    s3.delete_object(Bucket=bucket, Key="hello.txt")
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="hello.txt")
    assert e.value.response["Error"]["Code"] == "NoSuchKey"
    assert e.value.response["Error"]["Key"] == "hello.txt"


def test_errors_carry_s3_codes(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket=bucket)
    assert e.value.response["Error"]["Code"] == "BucketAlreadyOwnedByYou"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    with pytest.raises(ClientError) as e:
        s3.list_objects_v2(Bucket=bucket_name("missing"))
    assert e.value.response["Error"]["Code"] == "NoSuchBucket"
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="absent")
    assert e.value.response["Error"]["Code"] == "404"
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.delete_bucket(Bucket=bucket)
    assert e.value.response["Error"]["Code"] == "BucketNotEmpty"


def test_checksums_are_verified(s3, bucket):
    for algorithm in ("CRC32", "SHA1", "SHA256"):  # CRC32C needs botocore[crt]
        s3.put_object(Bucket=bucket, Key=f"sum-{algorithm}", Body=b"checked", ChecksumAlgorithm=algorithm)
        got = s3.get_object(Bucket=bucket, Key=f"sum-{algorithm}", ChecksumMode="ENABLED")
        assert got["Body"].read() == b"checked"
        assert got[f"Checksum{algorithm}"]
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="bad", Body=b"data", ChecksumCRC32="AAAAAA==")
    assert e.value.response["Error"]["Code"] == "BadDigest"
    assert e.value.response["Error"]["Message"] == "The CRC32 you specified did not match the calculated checksum."


def test_upload_file_and_download_file_use_multipart(s3, bucket, tmp_path):
    data = os.urandom(20 * 1024 * 1024 + 3)
    src = tmp_path / "big.bin"
    src.write_bytes(data)
    s3.upload_file(str(src), bucket, "big.bin")
    assert s3.head_object(Bucket=bucket, Key="big.bin")["ETag"].endswith('-3"')
    dst = tmp_path / "back.bin"
    s3.download_file(bucket, "big.bin", str(dst))
    assert dst.read_bytes() == data


def test_listing_with_delimiter_and_pagination(s3, bucket):
    keys = ["a", "dir/one", "dir/two", "dir/sub/three", "other/x", "z z+é"]
    for k in keys:
        s3.put_object(Bucket=bucket, Key=k, Body=k.encode())
    top = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert [o["Key"] for o in top["Contents"]] == ["a", "z z+é"]
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["dir/", "other/"]
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 2})
    assert [o["Key"] for page in pages for o in page.get("Contents", [])] == sorted(keys)
    v1 = s3.get_paginator("list_objects").paginate(Bucket=bucket, PaginationConfig={"PageSize": 2})
    assert [o["Key"] for page in v1 for o in page.get("Contents", [])] == sorted(keys)


def test_copy_tagging_and_delete_objects(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src dir/file name.txt", Body=b"copy", Tagging="a=1&b=2")
    s3.copy_object(Bucket=bucket, Key="dst.txt", CopySource={"Bucket": bucket, "Key": "src dir/file name.txt"})
    assert s3.get_object(Bucket=bucket, Key="dst.txt")["Body"].read() == b"copy"
    tags = s3.get_object_tagging(Bucket=bucket, Key="dst.txt")["TagSet"]
    assert {t["Key"]: t["Value"] for t in tags} == {"a": "1", "b": "2"}
    out = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "dst.txt"}, {"Key": "src dir/file name.txt"}]})
    assert sorted(d["Key"] for d in out["Deleted"]) == ["dst.txt", "src dir/file name.txt"]
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_presigned_urls(s3, bucket):
    put_url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "signed.txt"}, ExpiresIn=300)
    req = urllib.request.Request(put_url, data=b"presigned body", method="PUT")
    with urllib.request.urlopen(req) as r:
        assert r.status == 200
    get_url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "signed.txt"}, ExpiresIn=300)
    with urllib.request.urlopen(get_url) as r:
        assert r.read() == b"presigned body"


def test_cli_high_level_commands(stratus, tmp_path):
    name = bucket_name("cli")
    stratus.aws("s3", "mb", f"s3://{name}")
    src = tmp_path / "site"
    (src / "css").mkdir(parents=True)
    (src / "index.html").write_text("<h1>hi</h1>")
    (src / "css" / "main.css").write_text("body{}")
    stratus.aws("s3", "sync", str(src), f"s3://{name}/site")
    listing = stratus.aws("s3", "ls", "--recursive", f"s3://{name}")
    assert "site/index.html" in listing and "site/css/main.css" in listing
    stratus.aws("s3", "cp", f"s3://{name}/site/index.html", str(tmp_path / "copy.html"))
    assert (tmp_path / "copy.html").read_text() == "<h1>hi</h1>"
    url = stratus.aws("s3", "presign", f"s3://{name}/site/index.html").strip()
    with urllib.request.urlopen(url) as r:
        assert r.read() == b"<h1>hi</h1>"
    stratus.aws("s3", "rm", "--recursive", f"s3://{name}/site")
    assert "Contents" not in (stratus.aws("s3api", "list-objects-v2", "--bucket", name) or {})
    stratus.aws("s3", "rb", f"s3://{name}")


def test_cli_s3api_multipart(stratus, tmp_path):
    name = bucket_name("api")
    stratus.aws("s3api", "create-bucket", "--bucket", name)
    upload = stratus.aws("s3api", "create-multipart-upload", "--bucket", name, "--key", "mp")["UploadId"]
    part = tmp_path / "part"
    part.write_bytes(b"only part")
    etag = stratus.aws("s3api", "upload-part", "--bucket", name, "--key", "mp", "--upload-id", upload,
                       "--part-number", "1", "--body", str(part))["ETag"]
    parts = stratus.aws("s3api", "list-parts", "--bucket", name, "--key", "mp", "--upload-id", upload)["Parts"]
    assert [p["PartNumber"] for p in parts] == [1]
    done = stratus.aws("s3api", "complete-multipart-upload", "--bucket", name, "--key", "mp", "--upload-id", upload,
                       "--multipart-upload", '{"Parts":[{"PartNumber":1,"ETag":%s}]}' % etag)
    assert done["ETag"].endswith('-1"')
    location = stratus.aws("s3api", "get-bucket-location", "--bucket", name)
    assert location.get("LocationConstraint") in (None, "")


def test_objects_survive_kill_9(start_server, data_dir):
    s = start_server(data_dir=data_dir)
    s3 = s.client("s3")
    s3.create_bucket(Bucket="durable-bucket")
    bodies = {f"k{i}": os.urandom(1000 + i) for i in range(20)}
    for k, v in bodies.items():
        s3.put_object(Bucket="durable-bucket", Key=k, Body=v)
    s.kill9()
    again = start_server(data_dir=data_dir, port=s.port).client("s3")
    for k, v in bodies.items():
        assert again.get_object(Bucket="durable-bucket", Key=k)["Body"].read() == v


def test_versioning(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    v1 = s3.put_object(Bucket=bucket, Key="v", Body=b"one")["VersionId"]
    v2 = s3.put_object(Bucket=bucket, Key="v", Body=b"two")["VersionId"]
    marker = s3.delete_object(Bucket=bucket, Key="v")
    assert marker["DeleteMarker"] is True
    listing = s3.list_object_versions(Bucket=bucket)
    assert [v["VersionId"] for v in listing["Versions"]] == [v2, v1]
    assert listing["DeleteMarkers"][0]["IsLatest"] is True
    assert s3.get_object(Bucket=bucket, Key="v", VersionId=v1)["Body"].read() == b"one"
    s3.delete_object(Bucket=bucket, Key="v", VersionId=marker["VersionId"])
    assert s3.get_object(Bucket=bucket, Key="v")["Body"].read() == b"two"
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
