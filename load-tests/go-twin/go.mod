module tally.dev/go-baseline

go 1.26

require (
	github.com/aws/aws-lambda-go v1.55.1
	github.com/aws/aws-sdk-go-v2 v1.41.0
	github.com/aws/aws-sdk-go-v2/service/secretsmanager v1.41.0
	github.com/go-json-experiment/json v1.27.2
	github.com/shopspring/decimal v1.6.0
)

require (
	github.com/aws/aws-sdk-go-v2/internal/configsources v1.4.16 // indirect
	github.com/aws/aws-sdk-go-v2/internal/endpoints/v2 v2.7.16 // indirect
	github.com/aws/smithy-go v1.24.0 // indirect
)
