def test_readme_generated_parts_are_current():
    """README's command reference and figures come from the code; regenerate with `python -m nlp.docs`."""
    from nlp.docs import main

    assert main(["--check"]) == 0
