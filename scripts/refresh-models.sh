#!/usr/bin/env bash
# Copies the AWS service models (botocore's service-2.json, Apache-2.0) that Stratus serves into
# protocol/src/main/resources/models/<name>/. Needs a Python with botocore installed.
set -euo pipefail
cd "$(dirname "$0")/.."
BOTO=$(python3 -c "import botocore,os;print(os.path.dirname(botocore.__file__))")
DEST=protocol/src/main/resources/models
SERVICES="sts iam logs lambda dynamodb dynamodbstreams s3 sqs sns apigateway apigatewayv2 apigatewaymanagementapi cloudwatch"
for s in $SERVICES; do
  dir=$(ls -d "$BOTO/data/$s"/*/ | sort | tail -1)
  mkdir -p "$DEST/$s"
  cp "$dir/service-2.json.gz" "$DEST/$s/service-2.json.gz"
  echo "$s $(basename "$dir")"
done
cp "$BOTO/../botocore-"*.dist-info/LICENSE.txt "$DEST/LICENSE-botocore.txt"
cp "$BOTO/../botocore-"*.dist-info/NOTICE "$DEST/NOTICE-botocore.txt"
python3 -c "import botocore;print(botocore.__version__)" > "$DEST/BOTOCORE_VERSION"
