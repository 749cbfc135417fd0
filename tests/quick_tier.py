"""Which tests the quick tier (`./run test-quick`, `-m "not slow"`) runs: each test once, the cheap ones whole
(issue 26, s23). tests/conftest.py applies it; the full suite runs every test and every case regardless.

The quick tier is for a check while working: under a minute on 2 cores, every stage of the job still run
(benchmarks/teststages.py lists the commands a run completed). Measured per test (benchmarks.testcpu on s22's whole
run, load 1-4, and s23's run of the files added since, one process): the quick tier's tests were 2063 for ~157 CPU s;
a parametrized test's later cases were 998 of them and ~43 CPU s, and 35 single tests of 0.74-3.3 CPU s each another
~43, while the commands around the tests (two workers' collection, ~5 CPU s each, and mypy beside) cost ~20 more.
"""

from __future__ import annotations

# A parametrized test runs only its first case in the quick tier (the later ones check the same on another input:
# another script, strength, seed or drawn file) except these, whose cases are each a rule of their own and cost
# at most 0.02 CPU s each (808 cases, 2.5 CPU s in all in that run).
QUICK_EVERY_CASE: frozenset[str] = frozenset({
    "test_a_ballpoint_x_faxed_into_dashes_with_a_ragged_edge_is_a_mark",
    "test_a_bare_number_in_a_date_column_follows_the_question", "test_a_blurred_fill_short_of_all_sides_is_no_answer",
    "test_a_circle_round_an_option_of_a_blank_question_is_asked_about",
    "test_a_column_that_can_tell_its_order_is_read_in_it_without_a_warning",
    "test_a_curled_photo_is_what_the_full_page_grids_gave",
    "test_a_date_is_read_day_month_year_and_checked_against_the_calendar",
    "test_a_fill_short_of_all_sides_on_a_1bit_scan_is_no_answer",
    "test_a_fill_short_of_three_or_four_sides_is_no_answer", "test_a_fill_stopping_short_of_two_sides_is_no_cross",
    "test_a_fraction_is_no_answer_to_a_whole_number_question", "test_a_gap_between_marked_columns_is_asked_about",
    "test_a_light_fill_showing_paper_at_a_side_stays_in_doubt",
    "test_a_line_in_one_piece_is_drawn_as_the_bidi_algorithm_says",
    "test_a_loose_jpeg_is_halved_only_when_shaped_as_a_scanned_page",
    "test_a_paper_decimal_grid_prints_its_languages_mark", "test_a_plain_label_column_gets_the_frame_of_its_language",
    "test_a_plain_number_grid_reads_its_value", "test_a_question_and_a_grid_stay_on_one_page",
    "test_a_range_constraint_is_said_in_vietnamese_words",
    "test_a_real_ballpoint_fill_short_of_all_sides_is_no_answer",
    "test_a_real_x_filled_over_with_few_holes_is_not_read_marked",
    "test_a_roster_named_by_an_abbreviation_is_numbered", "test_a_slash_in_dashes_and_a_fleck_the_other_way_is_no_x",
    "test_a_slash_in_dashes_is_a_stroke", "test_a_spread_felt_x_reads_marked",
    "test_a_stroke_kept_whole_is_not_this_rule_s", "test_an_office_symbol_bullet_prints_as_a_bullet",
    "test_an_x_faxed_into_fragments_and_lone_pixels_in_a_row_is_a_mark", "test_an_x_in_dashes_is_two_strokes",
    "test_any_form_id_and_version_make_a_sheet_code", "test_box_classification",
    "test_box_windows_from_sliding_windows_are_the_gathered_ones",
    "test_boxes_read_in_one_pass_read_as_read_box_reads_each",
    "test_clear_flat_doubts_a_lone_strokeless_blotch_box_only", "test_committed_exports",
    "test_conditions_follow_the_printed_frame_language", "test_conditions_in_words",
    "test_dates_as_exports_write_them", "test_encodings_and_separators",
    "test_every_item_is_laid_out_once_with_its_number",
    "test_every_spelling_of_a_choice_rule_is_recognised_by_evaluation", "test_form_spellings_read_as_odk_does",
    "test_grain_off_the_remains_strokes_is_still_asked_about", "test_grain_off_the_stroke_is_no_stroke",
    "test_grain_scattered_away_from_a_faxed_x_is_still_asked_about",
    "test_harfbuzz_joins_the_letters_unlike_a_naive_cmap_lookup",
    "test_harfbuzz_shapes_the_word_unlike_a_naive_cmap_lookup", "test_header_locales_and_timestamp_shapes",
    "test_how_many_options_an_answer_may_hold", "test_kobo_csv_shapes", "test_kobo_rejection_in_its_spellings",
    "test_median_is_numpys_to_the_bit", "test_mosaic_from_sliding_windows_is_the_one_laid_box_by_box",
    "test_norm_folds_an_options_words_as_the_old_copy_did", "test_numbers_as_exports_write_them",
    "test_one_row_field_by_field", "test_printed_rows_come_from_repeat_count_or_the_rows_column",
    "test_pyxform_shapes_build_and_list", "test_random_spellings_of_random_rules_are_recovered",
    "test_randomized_list_prints_its_choices", "test_real_marks_stay_marked", "test_real_spellings_parse",
    "test_refusals_are_one_vietnamese_line", "test_samples_off_the_inside_are_zero_as_masked",
    "test_shaping_reorders_vowel_signs_and_joins_conjuncts",
    "test_specks_in_a_row_on_a_speckled_copy_are_asked_about", "test_straightest_is_the_plain_ones",
    "test_streak_passes_in_8_bits_are_the_16_bit_ones", "test_text_stays_within_the_margins",
    "test_text_that_is_no_expression", "test_the_filters_understood",
    "test_the_kept_qr_is_where_the_clean_page_drew_it", "test_the_other_options_own_wording_is_no_write_in",
    "test_unknown_names_match_nothing", "test_variant_spellings_match", "test_vocabularies_are_str_enums",
    "test_what_one_cell_shows", "test_what_paper_cannot_carry_is_refused_with_sheet_row_and_column",
})

# The quick tier's dearest single tests after that (0.74-3.3 CPU s each, 43.4 CPU s in all; dearest first): whole
# real forms printed and read in another script, workbooks and charts written, PDFs taken apart both ways, streams
# cut short. Each stage they run is still run by a cheaper quick test (benchmarks/teststages.py); the full suite
# runs them all.
QUICK_DEAREST: frozenset[str] = frozenset({
    "test_what_is_not_plain_is_left_to_pypdf", "test_a_scanners_plain_pdf_gives_the_pages_pypdf_gives",
    "test_a_kobo_label_exports_columns_of_a_label_several_questions_share_are_taken_in_the_forms_order",
    "test_online_minimums_are_not_measurable_where_the_form_asks_no_unit_and_fail_nothing",
    "test_how_strongly_the_back_shows_through_is_measured_and_nothing_on_plain_paper",
    "test_a_kobo_label_export_whose_shared_label_columns_do_not_fit_guesses_none",
    "test_the_workbook_says_outside_the_window_is_among_the_online_answers",
    "test_a_second_scan_of_the_form_draws_nothing_and_a_jpeg_loads_no_heic_decoder",
    "test_a_decision_stored_by_another_process_derives_its_sheet_alone",
    "test_a_stack_cut_short_still_gives_its_whole_pages", "test_mypy_skips_packages_the_toolkit_never_types_against",
    "test_workbook_sheets_are_vietnamese_and_formatted", "test_a_chart_in_the_cjk_font_prints_no_font_warning",
    "test_a_tiff_stack_of_300_dpi_pages_is_written_in_flat_memory", "test_qr_and_printed_code_agree_on_every_page",
    "test_the_reviewer_sees_every_page_of_a_list_split_over_pages",
    "test_photo_with_both_lower_marks_cut_off_is_read_by_its_boxes",
    "test_the_other_files_of_the_call_are_scanned_and_the_missing_one_said_first",
    "test_the_queue_serves_one_cause_within_a_kind",
    "test_an_earlier_downloads_columns_of_one_shared_title_are_taken_in_the_forms_order",
    "test_the_plain_squares_are_measured_once_per_page", "test_charts_draw_every_script_in_the_bundled_fonts",
    "test_checkboxes_land_within_0_3_mm", "test_nothing_printed_is_taken_for_a_streak",
    "test_tall_scripts_print_full_size_on_lines_as_tall_as_their_stacks", "test_an_urdu_form_prints_and_is_read_back",
    "test_an_adlam_form_prints_joined_from_the_right_and_is_read_back",
    "test_the_form_prints_shaped_and_is_read_back", "test_an_online_rows_problems_are_said_in_vietnamese_alone",
    "test_causes_reads_every_page_of_a_pdf_corpus", "test_a_mirrored_form_prints_and_is_read_back",
    "test_reading_a_workbook_no_longer_builds_a_repeats_elements_as_json_for_each_of_them",
    "test_a_workbook_saved_with_excel_extensions_builds_without_warnings",
    "test_sheets_reusing_a_serial_are_all_marked", "test_an_arabic_label_language_gets_an_arabic_frame",
})
