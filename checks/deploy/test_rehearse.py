"""The deploys that must not happen, refused by AWS's own code before anything is created.

Runs the SAM CLI against the stand-ins of rehearse.py, on the jvm variant as `sam build --config-env jvm` left it
in .aws-sam/build (as .ci/run does before this test).
"""
import unittest

from rehearse import StandIns, overrides_of, readme_commands


class RefusesADeployOfCodeThatWasNotBuilt(unittest.TestCase):

    def test_refuses_an_override_that_leaves_the_variant_out_on_a_new_stack(self):
        # The SAM CLI replaces samconfig.toml's parameter_overrides with the command line's: Variant=jvm is gone.
        with StandIns() as stand_ins:
            result = stand_ins.run("sam deploy --config-env jvm --parameter-overrides ApiAuth=open-to-anyone")
            executed = stand_ins.requests("ExecuteChangeSet", "tally-jvm")

        self.assertNotEqual(0, result.returncode, result.stdout)
        self.assertIn("Parameters: [Variant] must have values", result.stdout + result.stderr)
        self.assertEqual([], executed)

    def test_refuses_a_variant_that_was_not_built(self):
        with StandIns() as stand_ins:
            result = stand_ins.run("sam deploy --config-env jvm --parameter-overrides Variant=jvm-aot")
            executed = stand_ins.requests("ExecuteChangeSet", "tally-jvm")

        self.assertNotEqual(0, result.returncode, result.stdout)
        output = result.stdout + result.stderr
        self.assertIn("Transform AWS::Serverless-2016-10-31 failed", output)
        self.assertIn("TransactionProcessorJvmAotFunction", output)
        self.assertEqual([], executed)


class ReadsTheReadme(unittest.TestCase):

    def test_takes_every_deploy_command_of_an_environment_with_its_continuation_lines(self):
        commands = readme_commands("jvm")

        self.assertIn("sam build --config-env jvm", commands)
        self.assertTrue(any("Compute=managed-instances" in c and "ManagedInstancesSecurityGroupIds" in c for c in commands))

    def test_reads_the_parameters_a_command_overrides(self):
        self.assertEqual({"Variant": "jvm", "ApiAuth": "open-to-anyone"},
                         overrides_of("sam deploy --config-env jvm --parameter-overrides Variant=jvm ApiAuth=open-to-anyone  # a comment"))


if __name__ == "__main__":
    unittest.main()
