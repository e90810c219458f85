# The command line itself: help, version, usage errors, exit statuses.

t_version_prints_name_and_version() {
	hx --version
	expect_status 0
	expect_out "hexaglot "
}

t_help_lists_every_command() {
	hx --help
	expect_status 0
	expect_out "convert"
	expect_out "stages"
}

t_each_command_has_help() {
	for c in convert stages; do
		hx "$c" --help
		expect_status 0
		expect_out "usage: hexaglot $c"
		hx help "$c"
		expect_status 0
		expect_out "usage: hexaglot $c"
	done
}

t_unknown_command_is_a_usage_error() {
	hx frobnicate
	expect_status 2
	expect_err "no command 'frobnicate'"
}

t_no_arguments_is_a_usage_error() {
	hx
	expect_status 2
	expect_err "usage: hexaglot"
}

t_stages_lists_the_pipeline_in_order() {
	hx stages
	expect_status 0
	head -1 out | grep -q "decode" || fail "first stage is not decode"
	expect_out "convert"
}

t_convert_without_file_is_a_usage_error() {
	hx convert
	expect_status 2
	expect_err "expected a FILE"
}

t_convert_rejects_unknown_language() {
	printf 'Hello.\n' > in.txt
	hx convert in.txt --from xx
	expect_status 2
	expect_err "unknown language 'xx'"
}

t_convert_missing_file_names_it() {
	hx convert no-such-file.txt
	expect_status 1
	expect_err "no-such-file.txt"
}
