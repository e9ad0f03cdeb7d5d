"""The command line (`vnpolicy extract | show | table`) and the HTML review page it writes: thin layers over
`extractor.pipeline` and `extractor.batch`, with one clear line and a documented exit code per failure.
"""
