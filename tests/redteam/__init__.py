"""Red-team cases: real bad inputs, injections and faults against the publishing pipeline.

Each case asserts the same contract: a non-zero exit with a located error and no
traceback, the previously published site byte-identical, the payload nowhere in the build
output, nothing outside the build touched, and the next good build recovering.
"""
