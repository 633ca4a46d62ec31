-- +goose Up
-- One 网格长 per grid, one 楼长 per building, one 单元长 per unit; the
-- domain code checks first and these catch a race between two writers.
CREATE UNIQUE INDEX grid_members_one_head ON grid_members(grid_code) WHERE role = 'head';
CREATE INDEX grid_members_user ON grid_members(user_id);
CREATE UNIQUE INDEX building_members_one_building_head ON building_members(building_code) WHERE role = 'building';
CREATE UNIQUE INDEX building_members_one_unit_head ON building_members(building_code, unit_code) WHERE role = 'unit';
CREATE INDEX building_members_user ON building_members(user_id);
-- Import looks up stored grids near the new ones by bounding box.
CREATE INDEX grids_bbox ON grids(min_lng, max_lng);

-- +goose Down
DROP INDEX grids_bbox;
DROP INDEX building_members_user;
DROP INDEX building_members_one_unit_head;
DROP INDEX building_members_one_building_head;
DROP INDEX grid_members_user;
DROP INDEX grid_members_one_head;
