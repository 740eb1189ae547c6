#!/usr/bin/env bash
# Gradescope's set-up (run once when the autograder image is built): the Debian/Ubuntu packages
# hw6 needs, then hw6 itself, built in /autograder/source/build. The autograder zip holds this
# repository with setup.sh and run_autograder at its root (see README, "Gradescope").
set -eu
apt-get update
apt-get install -y --no-install-recommends g++ cmake make libcli11-dev nlohmann-json3-dev libeigen3-dev
cd /autograder/source
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DHW6_BUILD_TESTS=OFF
cmake --build build -j"$(nproc)" --target hw6
