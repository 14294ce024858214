"""The filter form's long option lists are drawn by option_list (storefront/option_lists.py), once per
process for the same options: the markup the template's loops drew, escaped, chosen value marked."""
from __future__ import annotations

from ocop_shop.extensions import db
from ocop_shop.storefront.option_lists import option_list


def test_options_are_escaped_marked_and_indented():
    options = (("tra", 'Trà "shan" & <tuyết>', False), ("tra-xanh", "Trà xanh", True))
    assert option_list(options, "tra-xanh") == (
        '<option value="tra">Trà &#34;shan&#34; &amp; &lt;tuyết&gt;</option>'
        '<option value="tra-xanh" selected>&#8195;Trà xanh</option>')
    assert option_list(options) == option_list(options, "khac")
    assert "selected" not in option_list(options)


def test_a_chosen_value_the_list_lacks_is_added_chosen_at_the_end():
    options = (("bao-lac", "Bảo Lạc", False),)
    assert option_list(options, "ban-gioc", "Bản Giốc").endswith(
        '</option><option value="ban-gioc" selected>Bản Giốc</option>')
    assert option_list(options, "bao-lac", "Bảo Lạc").count("<option") == 1
    assert option_list(options, None, None).count("<option") == 1


def test_the_same_options_are_drawn_once():
    options = (("a", "A", False), ("b", "B", False))
    assert option_list(options, "a") is option_list(tuple(list(options)), "a")


def test_the_catalog_form_lists_categories_places_and_producers(client, make_product, make_producer):
    producer = make_producer(name="HTX Trà <Tiền> Phong")
    make_product(name="Trà túi lọc", producer=producer, category="tra")
    db.session.commit()
    html = client.get(f"/vi/products?producer={producer.slug}").get_data(as_text=True)
    form = html.split('id="f-producer"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{producer.slug}" selected>HTX Trà &lt;Tiền&gt; Phong</option>' in form
    categories = html.split('id="f-category"', 1)[1].split("</select>", 1)[0]
    assert '<option value="tra">&#8195;' in categories
