import pytest

from exemplar_stories.models import Award, Field


@pytest.mark.django_db
def test_seed_migration_creates_the_plans_high_awards():
    high = set(Award.objects.filter(is_high_award=True).values_list("name", flat=True))
    assert {
        "Anh hùng Lao động",
        "Chiến sĩ thi đua toàn quốc",
        "Huân chương Lao động",
        "Cờ thi đua của Chính phủ",
        "Cờ thi đua của Bộ Tư pháp",
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
    } <= high


@pytest.mark.django_db
def test_seed_migration_records_award_rules_as_editable_data():
    award = Award.objects.get(slug="chien-si-thi-dua-toan-quoc")
    assert award.prerequisite.name == "Chiến sĩ thi đua cấp bộ, cấp tỉnh"
    assert award.prerequisite_years == 2


@pytest.mark.django_db
def test_seed_migration_creates_fields_of_work_with_ascii_slugs():
    field = Field.objects.get(name="Trợ giúp pháp lý")
    assert field.slug == "tro-giup-phap-ly"
