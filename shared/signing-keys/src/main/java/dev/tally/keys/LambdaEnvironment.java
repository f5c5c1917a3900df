package dev.tally.keys;

/**
 * The reserved variables of Lambda's environment that Tally reads, named in one place
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
 */
public final class LambdaEnvironment {
    /** The Region the function runs in. */
    public static final String REGION = "AWS_REGION";
    /** The function's name. */
    public static final String FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    /** {@code on-demand}, {@code provisioned-concurrency}, {@code snap-start} or {@code lambda-managed-instances}. */
    public static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    /** The application log level of the function's JSON logging configuration. */
    public static final String LOG_LEVEL = "AWS_LAMBDA_LOG_LEVEL";

    private LambdaEnvironment() {
    }
}
