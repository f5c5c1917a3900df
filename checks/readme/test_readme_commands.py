"""The README runner: how it reads the marked blocks, how it compares answers, and a run against a small
server that stands in for the function. README.md itself is run by .ci/run."""

import io
import os
import socket
import tempfile
import textwrap
import unittest

import readme_commands

ANSWER = ('{"status":"success","digest":"15f6","signature":"' + "ab" * 32 + '","keyVersion":"local-dev",'
          '"processedAt":"2026-11-29T22:51:39Z"}')


SCRATCH = tempfile.TemporaryDirectory(prefix="readme-commands-test-")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def readme(port, answer, prints=""):
    """A README whose serve command prints prints, then answers every POST with ANSWER."""
    server = os.path.join(SCRATCH.name, f"server-{port}.py")
    with open(server, "w", encoding="utf-8") as script:
        script.write(textwrap.dedent(f"""\
        import http.server
        class H(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers['content-length']))
                self.send_response(200); self.end_headers(); self.wfile.write({ANSWER!r}.encode())
        print({prints!r}, flush=True)
        http.server.HTTPServer(('127.0.0.1', {port}), H).serve_forever()
        """))
    return textwrap.dedent("""\
        # Tool

        <!-- readme: test -->
        ```sh
        true
        ```

        <!-- readme: serve port={port} -->
        ```sh
        python3 {server}
        ```

        <!-- readme: request{printed} -->
        ```sh
        curl -s -d x localhost:{port}
        ```

        ```json
        {answer}
        ```
        """).format(port=port, server=server, printed=" printed" if prints else "", answer=answer)


class ParseTest(unittest.TestCase):
    def test_reads_each_marked_block_and_the_answer_after_a_request(self):
        steps = readme_commands.parse(textwrap.dedent("""\
            <!-- readme: test -->
            ```sh
            ./mvnw verify
            ```
            text
            <!-- readme: serve port=8080 -->
            ```sh
            ./mvnw quarkus:dev
            ```
            <!-- readme: request -->
            ```sh
            curl -s localhost:8080
            # {"valid":true}
            curl -s -d bad localhost:8080
            # {"status":"error"}
            ```
            ```sh
            unmarked --never-run
            ```
            """))
        self.assertEqual(["test", "serve", "request"], [s.kind for s in steps])
        self.assertEqual(["./mvnw verify"], steps[0].commands)
        self.assertEqual("8080", steps[1].attributes["port"])
        self.assertEqual([("curl -s localhost:8080", '{"valid":true}'), ("curl -s -d bad localhost:8080", '{"status":"error"}')],
                         [(r.command, r.answer) for r in steps[2].requests])

    def test_a_marker_without_a_code_block_is_an_error(self):
        with self.assertRaisesRegex(ValueError, "not followed by a code block"):
            readme_commands.parse("<!-- readme: test -->\n./mvnw verify\n")

    def test_a_serve_marker_names_its_port(self):
        with self.assertRaisesRegex(ValueError, "names its port"):
            readme_commands.parse("<!-- readme: serve -->\n```sh\nrun\n```\n")


class DifferencesTest(unittest.TestCase):
    def expected(self):
        return readme_commands.json.loads(ANSWER)

    def test_the_same_answer_at_another_time_matches(self):
        actual = dict(self.expected(), signature="cd" * 32, processedAt="2030-01-01T00:00:00Z")
        self.assertEqual([], readme_commands.differences(self.expected(), actual))

    def test_another_digest_does_not(self):
        actual = dict(self.expected(), digest="0000")
        self.assertEqual(['$.digest: expected "15f6", got "0000"'], readme_commands.differences(self.expected(), actual))

    def test_a_signature_or_time_of_another_shape_does_not(self):
        found = readme_commands.differences(self.expected(), dict(self.expected(), signature="ab", processedAt="now"))
        self.assertEqual(2, len(found), found)

    def test_a_field_missing_or_added_does_not(self):
        actual = dict(self.expected(), extra=1)
        del actual["keyVersion"]
        self.assertEqual(["$.extra: not in the README's answer", "$.keyVersion: missing"],
                         readme_commands.differences(self.expected(), actual))

    def test_a_key_version_is_compared_by_shape_only_where_the_readme_shows_a_uuid(self):
        expected = {"keyVersion": "5c6d5997-47b8-43b5-8135-877661265b8b"}
        self.assertEqual([], readme_commands.differences(expected, {"keyVersion": "0e3c8a2e-1b7f-4d7e-9c1a-2f3b4c5d6e7f"}))
        self.assertEqual(1, len(readme_commands.differences(expected, {"keyVersion": "local-dev"})))
        self.assertEqual(1, len(readme_commands.differences({"keyVersion": "local-dev"}, {"keyVersion": "v2"})))

    def test_an_http_api_body_compares_as_the_json_it_holds(self):
        expected = {"statusCode": 200, "body": '{"valid":true,"processedAt":"2026-11-29T22:51:39Z"}'}
        self.assertEqual([], readme_commands.differences(
            expected, {"statusCode": 200, "body": '{"processedAt":"2027-01-01T00:00:00Z","valid":true}'}))
        self.assertEqual(['$.body(json).valid: expected true, got false'], readme_commands.differences(
            expected, {"statusCode": 200, "body": '{"valid":false,"processedAt":"2027-01-01T00:00:00Z"}'}))


class RunTest(unittest.TestCase):
    def run_readme(self, text):
        out = io.StringIO()
        readme_commands.run(readme_commands.parse(text), out=out)
        return out.getvalue()

    def test_serves_sends_compares_and_stops_the_server(self):
        port = free_port()
        out = self.run_readme(readme(port, ANSWER))
        self.assertIn("readme: request: curl -s -d x localhost:%d" % port, out)
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()

    def test_an_answer_unlike_the_readmes_fails(self):
        port = free_port()
        with self.assertRaisesRegex(AssertionError, r"\$\.digest"):
            self.run_readme(readme(port, ANSWER.replace("15f6", "9999")))

    def test_a_request_the_server_did_not_print_fails(self):
        port = free_port()
        self.addCleanup(setattr, readme_commands, "PRINTED_SECONDS", readme_commands.PRINTED_SECONDS)
        readme_commands.PRINTED_SECONDS = 2
        with self.assertRaisesRegex(AssertionError, "did not print"):
            self.run_readme(readme(port, ANSWER, prints="curl -s -d y localhost:%d" % port))
        self.run_readme(readme(port, ANSWER, prints="  curl -s -d x localhost:%d" % port))

    def test_a_server_that_exits_before_it_listens_fails(self):
        with self.assertRaisesRegex(AssertionError, "exited with 3"):
            self.run_readme("<!-- readme: serve port=%d -->\n```sh\nexit 3\n```\n" % free_port())

    def test_a_failing_test_command_fails(self):
        with self.assertRaises(readme_commands.subprocess.CalledProcessError):
            self.run_readme("<!-- readme: test -->\n```sh\nfalse\n```\n")


class ReadmeTest(unittest.TestCase):
    def test_the_readme_marks_its_test_and_run_commands(self):
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md"), encoding="utf-8") as f:
            steps = readme_commands.parse(f.read())
        self.assertEqual(["./mvnw verify"], [c for s in steps if s.kind == "test" for c in s.commands])
        serves = [s.commands[0] for s in steps if s.kind == "serve"]
        self.assertEqual(["./mvnw quarkus:dev -pl services/transaction-processor -am", "load-tests/run-like-lambda.sh"],
                         serves)
        self.assertTrue(all(r.answer for s in steps for r in s.requests))


if __name__ == "__main__":
    unittest.main()
