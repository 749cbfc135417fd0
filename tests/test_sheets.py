from scanner.sheets import FormPage, pair_pages


def fp(pid, seq, side, key, numbered=True):
    return FormPage(pid, seq, side, key, numbered)


def test_pairs_by_code_in_any_order():
    groups = pair_pages([fp("a", 1, 2, "K.1.MS.001"), fp("b", 2, 1, "K.1.MS.002"), fp("c", 3, 1, "K.1.MS.001"),
                         fp("d", 4, 2, "K.1.MS.002")])
    assert {g.sheet_id: g.pages for g in groups} == {"a": {2: "a", 1: "c"}, "b": {1: "b", 2: "d"}}


def test_missing_page_is_a_sheet_of_one_page():
    groups = pair_pages([fp("a", 1, 1, "K.1.MS.001"), fp("b", 2, 1, "K.1.MS.002"), fp("c", 3, 2, "K.1.MS.002")])
    assert [g.missing(2) for g in groups] == [[2], []]


def test_photocopied_serial_pairs_each_copy():
    groups = pair_pages([fp("a", 1, 1, "K.1.MS.003"), fp("b", 2, 2, "K.1.MS.003"), fp("c", 3, 1, "K.1.MS.003"),
                         fp("d", 4, 2, "K.1.MS.003")])
    assert [g.pages for g in groups] == [{1: "a", 2: "b"}, {1: "c", 2: "d"}]


def test_blank_forms_pair_by_adjacency():
    blank = "K.1.-.000"
    groups = pair_pages([fp("a", 1, 1, blank, False), fp("b", 2, 2, blank, False), fp("c", 3, 2, blank, False),
                         fp("d", 4, 1, blank, False)])
    assert [g.pages for g in groups] == [{1: "a", 2: "b"}, {2: "c", 1: "d"}]


def test_unidentified_back_joins_the_front_scanned_before_it():
    groups = pair_pages([fp("a", 1, 1, "K.1.MS.004"), fp("b", 2, 2, None, False)])
    assert [g.pages for g in groups] == [{1: "a", 2: "b"}]


def test_a_copy_missing_a_side_does_not_take_the_other_copys_page_from_another_stack():
    """Two photocopies of one numbered sheet of four sides, each missing a side, scanned in two stacks: the side 2
    lying between copy B's sides 1 and 3 in B's stack is B's, not copy A's (which misses side 2 too)."""
    key = "K.1.MLP.005"
    groups = pair_pages([FormPage("a1", 1, 1, key, True, "s3.pdf"), FormPage("a3", 2, 3, key, True, "s3.pdf"),
                         FormPage("a4", 3, 4, key, True, "s3.pdf"), FormPage("b1", 4, 1, key, True, "s9.pdf"),
                         FormPage("b2", 5, 2, key, True, "s9.pdf"), FormPage("b3", 6, 3, key, True, "s9.pdf")], 4)
    assert [g.pages for g in groups] == [{1: "a1", 3: "a3", 4: "a4"}, {1: "b1", 2: "b2", 3: "b3"}]


def test_fronts_then_backs_of_two_copies_in_one_stack_pair_first_come():
    key = "K.1.MS.003"
    groups = pair_pages([FormPage("a", 1, 1, key, True, "s.pdf"), FormPage("c", 2, 1, key, True, "s.pdf"),
                         FormPage("b", 3, 2, key, True, "s.pdf"), FormPage("d", 4, 2, key, True, "s.pdf")])
    assert [g.pages for g in groups] == [{1: "a", 2: "b"}, {1: "c", 2: "d"}]


def test_unidentified_pages_join_only_as_the_next_side_of_the_page_before():
    """Shuffled loose backs: side 2 of one respondent then side 4 of another were one "sheet" by stack order."""
    groups = pair_pages([fp("a", 1, 2, None, False), fp("b", 2, 4, None, False), fp("c", 3, 1, None, False),
                         fp("d", 4, 2, None, False)], 4)
    assert [(g.pages, g.loose) for g in groups] == [({2: "a"}, True), ({4: "b"}, True), ({1: "c", 2: "d"}, False)]
    fed_back_to_front = [fp("a", 1, 4, "K.1.MS.002"), fp("b", 2, 3, "K.1.MS.002"), fp("c", 3, 2, "K.1.MS.002"),
                         fp("d", 4, 1, None, False)]
    assert [g.pages for g in pair_pages(fed_back_to_front, 4)] == [{4: "a", 3: "b", 2: "c", 1: "d"}]


def test_an_unidentified_page_in_another_file_does_not_continue_the_file_before():
    pages = [FormPage("a", 1, 1, "K.1.MS.001", True, "s/stack.pdf", 0),
             FormPage("b", 2, 2, None, False, "s/found_later.pdf", 0),
             FormPage("c", 3, 3, None, False, "s/found_later.pdf", 1)]
    assert [(g.pages, g.loose) for g in pair_pages(pages, 4)] == [({1: "a"}, False), ({2: "b", 3: "c"}, True)]
    photos = [FormPage("a", 1, 1, "K.1.MS.001", True, "s/p1.jpg", 0), FormPage("b", 2, 2, None, False, "s/p2.jpg", 0)]
    assert [g.pages for g in pair_pages(photos, 4)] == [{1: "a", 2: "b"}]  # one image per page: the next file


def test_one_file_named_two_ways_is_one_file():
    """A scan resumed from another folder stores the rest of a file under another name: still its next page."""
    pages = [FormPage("a", 1, 1, "K.1.MS.001", True, "scans/s.pdf", 4, "f1"),
             FormPage("b", 2, 2, None, False, "../scans/s.pdf", 5, "f1")]
    assert [g.pages for g in pair_pages(pages, 4)] == [{1: "a", 2: "b"}]


def test_an_unread_side_after_a_side_set_aside_joins_the_sheet_whose_next_side_follows_it():
    """Photos of one four-sided sheet (world seed 21, stack005_photo_005..008): side 2 set aside (a corner cut off,
    so it is no form page here), side 3's code not read, side 4's read. Side 3 lies right before side 4, in the
    same folder of one-page files, and prints the side before it: it is that sheet's side 3, not a loose page."""
    photos = [FormPage("a", 1, 1, "K.1.MS.010", True, "s/p5.jpg", 0), FormPage("c", 2, 3, None, False, "s/p7.jpg", 0),
              FormPage("d", 3, 4, "K.1.MS.010", True, "s/p8.jpg", 0)]
    assert [(g.pages, g.loose) for g in pair_pages(photos, 4)] == [({1: "a", 3: "c", 4: "d"}, False)]


def test_an_unread_side_stays_loose_unless_it_is_the_side_next_to_the_sheet_page_after_it():
    before_a_front = [fp("a", 1, 1, "K.1.MS.010"), fp("c", 2, 3, None, False), fp("e", 3, 1, "K.1.MS.011")]
    assert [(g.pages, g.loose) for g in pair_pages(before_a_front, 4)] == [
        ({1: "a"}, False), ({3: "c"}, True), ({1: "e"}, False)]
    side_taken = [fp("a", 1, 1, "K.1.MS.010"), fp("b", 2, 3, "K.1.MS.010"), fp("c", 3, 3, None, False),
                  fp("d", 4, 4, "K.1.MS.010")]
    assert [(g.pages, g.loose) for g in pair_pages(side_taken, 4)] == [
        ({1: "a", 3: "b", 4: "d"}, False), ({3: "c"}, True)]
    another_file = [FormPage("a", 1, 1, "K.1.MS.010", True, "s/stack.pdf", 0),
                    FormPage("c", 2, 3, None, False, "s/found_later.pdf", 0),
                    FormPage("d", 3, 4, "K.1.MS.010", True, "s/stack.pdf", 1)]
    assert [(g.pages, g.loose) for g in pair_pages(another_file, 4)] == [({1: "a", 4: "d"}, False), ({3: "c"}, True)]
