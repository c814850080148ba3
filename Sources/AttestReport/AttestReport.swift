// AttestReport: HTML, JUnit and JSON reports of conformance results.
